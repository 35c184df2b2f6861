namespace Datagrid
{
    public class DatagridApiException : Datagrid.DatagridException
    {
        public DatagridApiException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
        public int Attempts { get; }
        public System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> Headers { get; }
        public Datagrid.RateLimitInfo? RateLimit { get; }
        public string? RequestId { get; }
        public Datagrid.DatagridErrorResponse Response { get; }
        public string? ResponseBody { get; }
        public int StatusCode { get; }
    }
    public class DatagridAuthenticationException : Datagrid.DatagridApiException
    {
        public DatagridAuthenticationException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
    }
    public sealed class DatagridClient : Datagrid.DatagridClientBase, Datagrid.IDatagridClient
    {
        public DatagridClient() { }
        public DatagridClient(Datagrid.DatagridClientOptions options) { }
        public DatagridClient(System.Net.Http.HttpClient httpClient, Datagrid.DatagridClientOptions options) { }
        public Datagrid.MemoryClient Memory { get; }
        public Datagrid.DatagridClient WithOptions(System.Action<Datagrid.DatagridRequestOptions> configure) { }
    }
    public abstract class DatagridClientBase : System.IDisposable
    {
        public System.Uri BaseUrl { get; }
        public Datagrid.RateLimitInfo? LastRateLimit { get; }
        public void Dispose() { }
        protected virtual void Dispose(bool disposing) { }
    }
    public class DatagridClientOptions
    {
        public static readonly System.Uri DefaultBaseUrl;
        public DatagridClientOptions() { }
        public bool AllowInsecureHttp { get; set; }
        public string? ApiKey { get; set; }
        public System.Uri? BaseUrl { get; set; }
        public System.TimeSpan? Deadline { get; set; }
        public System.Collections.Generic.IDictionary<string, string> DefaultHeaders { get; }
        public Datagrid.DatagridDiagnosticsOptions Diagnostics { get; }
        public bool IsFrozen { get; }
        public Datagrid.DatagridRateLimitingOptions RateLimiting { get; }
        public Datagrid.DatagridRetryOptions Retry { get; }
        public string? Teamspace { get; set; }
        public System.TimeProvider TimeProvider { get; set; }
        public System.TimeSpan Timeout { get; set; }
        public bool UseEnvironment { get; set; }
        public void AddPolicy(Datagrid.DatagridPipelinePolicy policy, Datagrid.DatagridPipelinePosition position) { }
        public override string ToString() { }
    }
    public sealed class DatagridConfigurationException : Datagrid.DatagridException
    {
        public DatagridConfigurationException(string message) { }
    }
    public class DatagridConflictException : Datagrid.DatagridApiException
    {
        public DatagridConflictException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
    }
    public class DatagridConnectionException : Datagrid.DatagridException
    {
        public DatagridConnectionException(string message, int attempts, System.Exception? innerException = null) { }
        public int Attempts { get; }
    }
    public sealed class DatagridDiagnosticsOptions
    {
        public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }
        public override string ToString() { }
    }
    public sealed class DatagridErrorResponse
    {
        public DatagridErrorResponse(int statusCode, System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> headers, string? body, int attempts = 1, Datagrid.RateLimitInfo? rateLimit = null) { }
        public int Attempts { get; }
        public string? Body { get; }
        public System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> Headers { get; }
        public Datagrid.RateLimitInfo? RateLimit { get; }
        public string? RequestId { get; }
        public int StatusCode { get; }
    }
    public class DatagridException : System.Exception
    {
        public DatagridException(string message, System.Exception? innerException = null) { }
    }
    public class DatagridNotFoundException : Datagrid.DatagridApiException
    {
        public const string ApiErrorCode = "not_found";
        public DatagridNotFoundException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
        public bool IsApiNotFound { get; }
    }
    [System.AttributeUsage(System.AttributeTargets.Method, Inherited=false)]
    public sealed class DatagridOperationAttribute : System.Attribute
    {
        public DatagridOperationAttribute(string method, string pathTemplate, string successStatuses) { }
        public string Method { get; }
        public string PathTemplate { get; }
        public string SuccessStatuses { get; }
    }
    public class DatagridPermissionDeniedException : Datagrid.DatagridApiException
    {
        public DatagridPermissionDeniedException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
    }
    public readonly struct DatagridPipelineNext
    {
        public System.Threading.Tasks.ValueTask<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) { }
    }
    public abstract class DatagridPipelinePolicy
    {
        protected DatagridPipelinePolicy() { }
        public abstract System.Threading.Tasks.ValueTask<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, Datagrid.DatagridPipelineNext pipeline, System.Threading.CancellationToken cancellationToken);
    }
    public enum DatagridPipelinePosition
    {
        PerCall = 0,
        PerAttempt = 1,
    }
    public class DatagridRateLimitException : Datagrid.DatagridApiException
    {
        public DatagridRateLimitException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
        public Datagrid.RateLimitError? Body { get; }
        public string? ErrorCode { get; }
        public string? Mitigation { get; }
        public string? Reason { get; }
        public System.TimeSpan? RetryAfter { get; }
        public bool? Retryable { get; }
        public string? ServerMessage { get; }
    }
    public sealed class DatagridRateLimitHandler : System.Net.Http.DelegatingHandler
    {
        public DatagridRateLimitHandler() { }
        public DatagridRateLimitHandler(System.Net.Http.HttpMessageHandler innerHandler) { }
        protected override System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) { }
    }
    public sealed class DatagridRateLimitingOptions
    {
        public bool Enabled { get; set; }
        public System.Threading.RateLimiting.PartitionedRateLimiter<System.Net.Http.HttpRequestMessage>? Limiter { get; set; }
        public int? PermitLimit { get; set; }
        public System.TimeSpan Window { get; set; }
        public override string ToString() { }
    }
    public class DatagridRedirectException : Datagrid.DatagridApiException
    {
        public DatagridRedirectException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
        public System.Uri? Location { get; init; }
    }
    public sealed class DatagridRequestOptions
    {
        public System.TimeSpan? Deadline { get; set; }
        public System.Collections.Generic.IDictionary<string, string> Headers { get; }
        public int? MaxRetries { get; set; }
        public string? Teamspace { get; set; }
        public System.TimeSpan? Timeout { get; set; }
    }
    public class DatagridResponse
    {
        public DatagridResponse(int statusCode, System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> headers, Datagrid.RateLimitInfo? rateLimit, System.TimeSpan elapsed, int attempts) { }
        public int Attempts { get; }
        public System.TimeSpan Elapsed { get; }
        public System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> Headers { get; }
        public Datagrid.RateLimitInfo? RateLimit { get; }
        public string? RequestId { get; }
        public int StatusCode { get; }
    }
    public sealed class DatagridResponse<T> : Datagrid.DatagridResponse
    {
        public DatagridResponse(T value, int statusCode, System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IEnumerable<string>> headers, Datagrid.RateLimitInfo? rateLimit, System.TimeSpan elapsed, int attempts) { }
        public T Value { get; }
    }
    public sealed class DatagridRetryOptions
    {
        public System.TimeSpan InitialDelay { get; set; }
        public System.TimeSpan MaxDelay { get; set; }
        public int MaxRetries { get; set; }
        public System.TimeSpan MaxRetryAfter { get; set; }
        public override string ToString() { }
    }
    public class DatagridServerException : Datagrid.DatagridApiException
    {
        public DatagridServerException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
    }
    public class DatagridTimeoutException : Datagrid.DatagridConnectionException
    {
        public DatagridTimeoutException(string message, int attempts, System.Exception? innerException = null) { }
    }
    public class DatagridUnprocessableEntityException : Datagrid.DatagridApiException
    {
        public DatagridUnprocessableEntityException(string message, Datagrid.DatagridErrorResponse response, System.Exception? innerException = null) { }
    }
    public sealed class DeleteUserMemoryParameters
    {
        public DeleteUserMemoryParameters() { }
    }
    public static class EnvironmentVariables
    {
        public const string ApiKey = "DATAGRID_API_KEY";
        public const string BaseUrl = "DATAGRID_BASE_URL";
        public const string CustomHeaders = "DATAGRID_CUSTOM_HEADERS";
        public const string TeamspaceId = "DATAGRID_TEAMSPACE_ID";
    }
    public interface IDatagridClient
    {
        Datagrid.IMemoryClient Memory { get; }
        Datagrid.IDatagridClient WithOptions(System.Action<Datagrid.DatagridRequestOptions> configure);
    }
    public interface IMemoryClient
    {
        Datagrid.IMemoryClientWithRawResponse WithRawResponse { get; }
        System.Threading.Tasks.Task DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task DeleteUserMemoryAsync(string userMemoryId, Datagrid.DeleteUserMemoryParameters? parameters, System.Threading.CancellationToken cancellationToken = default);
        Datagrid.IMemoryClient WithOptions(System.Action<Datagrid.DatagridRequestOptions> configure);
    }
    public interface IMemoryClientWithRawResponse
    {
        System.Threading.Tasks.Task<Datagrid.DatagridResponse> DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken cancellationToken = default);
        System.Threading.Tasks.Task<Datagrid.DatagridResponse> DeleteUserMemoryAsync(string userMemoryId, Datagrid.DeleteUserMemoryParameters? parameters, System.Threading.CancellationToken cancellationToken = default);
    }
    public class MemoryClient : Datagrid.DatagridClientBase, Datagrid.IMemoryClient
    {
        public MemoryClient() { }
        public MemoryClient(Datagrid.DatagridClientOptions options) { }
        public MemoryClient(System.Net.Http.HttpClient httpClient, Datagrid.DatagridClientOptions options) { }
        public Datagrid.MemoryClientWithRawResponse WithRawResponse { get; }
        [Datagrid.DatagridOperation("DELETE", "user-memories/{user_memory_id}", "204")]
        public virtual System.Threading.Tasks.Task DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken cancellationToken = default) { }
        [Datagrid.DatagridOperation("DELETE", "user-memories/{user_memory_id}", "204")]
        public virtual System.Threading.Tasks.Task DeleteUserMemoryAsync(string userMemoryId, Datagrid.DeleteUserMemoryParameters? parameters, System.Threading.CancellationToken cancellationToken = default) { }
        public virtual Datagrid.MemoryClient WithOptions(System.Action<Datagrid.DatagridRequestOptions> configure) { }
    }
    public class MemoryClientWithRawResponse : Datagrid.IMemoryClientWithRawResponse
    {
        public virtual System.Threading.Tasks.Task<Datagrid.DatagridResponse> DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken cancellationToken = default) { }
        public virtual System.Threading.Tasks.Task<Datagrid.DatagridResponse> DeleteUserMemoryAsync(string userMemoryId, Datagrid.DeleteUserMemoryParameters? parameters, System.Threading.CancellationToken cancellationToken = default) { }
    }
    public sealed class RateLimitCapture : System.IDisposable
    {
        public Datagrid.RateLimitInfo? RateLimit { get; }
        public int Responses { get; }
        public void Dispose() { }
        public static Datagrid.RateLimitCapture Begin() { }
    }
    public class RateLimitError
    {
        public RateLimitError() { }
        [Newtonsoft.Json.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [Newtonsoft.Json.JsonProperty("details", NullValueHandling=Newtonsoft.Json.NullValueHandling.Ignore, Required=Newtonsoft.Json.Required.Default)]
        public Datagrid.RateLimitErrorDetails? Details { get; set; }
        [Newtonsoft.Json.JsonProperty("error", Required=Newtonsoft.Json.Required.Always)]
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        public Datagrid.RateLimitErrorCode Error { get; set; }
        [Newtonsoft.Json.JsonProperty("message", Required=Newtonsoft.Json.Required.Always)]
        [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings=true)]
        public string Message { get; set; }
        [Newtonsoft.Json.JsonProperty("mitigation", NullValueHandling=Newtonsoft.Json.NullValueHandling.Ignore, Required=Newtonsoft.Json.Required.Default)]
        public string? Mitigation { get; set; }
        [Newtonsoft.Json.JsonProperty("retryable", Required=Newtonsoft.Json.Required.Always)]
        public bool Retryable { get; set; }
        [Newtonsoft.Json.JsonProperty("status_code", Required=Newtonsoft.Json.Required.Always)]
        public int StatusCode { get; set; }
    }
    [Newtonsoft.Json.JsonConverter(typeof(Datagrid.RateLimitErrorCode.ExtensibleEnumJsonConverter))]
    public readonly struct RateLimitErrorCode : System.IEquatable<Datagrid.RateLimitErrorCode>
    {
        public RateLimitErrorCode(string value) { }
        public static Datagrid.RateLimitErrorCode RateLimitExceeded { get; }
        public bool Equals(Datagrid.RateLimitErrorCode other) { }
        public override bool Equals(object? obj) { }
        public override int GetHashCode() { }
        public override string ToString() { }
        public static Datagrid.RateLimitErrorCode op_Implicit(string value) { }
        public static bool operator !=(Datagrid.RateLimitErrorCode left, Datagrid.RateLimitErrorCode right) { }
        public static bool operator ==(Datagrid.RateLimitErrorCode left, Datagrid.RateLimitErrorCode right) { }
    }
    public class RateLimitErrorDetails
    {
        public RateLimitErrorDetails() { }
        [Newtonsoft.Json.JsonExtensionData]
        public System.Collections.Generic.IDictionary<string, object> AdditionalProperties { get; set; }
        [Newtonsoft.Json.JsonProperty("reason", NullValueHandling=Newtonsoft.Json.NullValueHandling.Ignore, Required=Newtonsoft.Json.Required.Default)]
        public string? Reason { get; set; }
    }
    public sealed class RateLimitInfo : System.IEquatable<Datagrid.RateLimitInfo>
    {
        public RateLimitInfo(int? Limit, int? Remaining, System.DateTimeOffset? Reset, System.TimeSpan? RetryAfter) { }
        public int? Limit { get; init; }
        public int? Remaining { get; init; }
        public System.DateTimeOffset? Reset { get; init; }
        public System.TimeSpan? RetryAfter { get; init; }
    }
}
namespace Datagrid.RateLimiting
{
    public abstract class DatagridRateLimitLease : System.Threading.RateLimiting.RateLimitLease
    {
        protected DatagridRateLimitLease() { }
        public override bool IsAcquired { get; }
        public override System.Collections.Generic.IEnumerable<string> MetadataNames { get; }
        public abstract void Observe(int statusCode, Datagrid.RateLimitInfo? rateLimit, System.TimeSpan? blockFor);
        public override bool TryGetMetadata(string metadataName, out object? metadata) { }
    }
    public static class DatagridRateLimitMetadata
    {
        public static System.Threading.RateLimiting.MetadataName<bool> AnswersAsynchronously { get; }
        public static System.Threading.RateLimiting.MetadataName<bool> Waited { get; }
    }
    public sealed class DatagridRateLimiter : System.Threading.RateLimiting.PartitionedRateLimiter<System.Net.Http.HttpRequestMessage>
    {
        public const int MaxTrackedLimit = 100000;
        public DatagridRateLimiter(int? limit, System.TimeSpan window, System.TimeSpan maxServerWait, System.TimeProvider timeProvider) { }
        protected override System.Threading.Tasks.ValueTask<System.Threading.RateLimiting.RateLimitLease> AcquireAsyncCore(System.Net.Http.HttpRequestMessage resource, int permitCount, System.Threading.CancellationToken cancellationToken) { }
        protected override System.Threading.RateLimiting.RateLimitLease AttemptAcquireCore(System.Net.Http.HttpRequestMessage resource, int permitCount) { }
        protected override void Dispose(bool disposing) { }
        public override System.Threading.RateLimiting.RateLimiterStatistics? GetStatistics(System.Net.Http.HttpRequestMessage resource) { }
    }
    public readonly struct RateLimitPartitionKey : System.IEquatable<Datagrid.RateLimiting.RateLimitPartitionKey>
    {
        public RateLimitPartitionKey(string Teamspace, string Method, string PathTemplate) { }
        public string Method { get; init; }
        public string PathTemplate { get; init; }
        public string Teamspace { get; init; }
        public override string ToString() { }
        public static Datagrid.RateLimiting.RateLimitPartitionKey For(System.Net.Http.HttpRequestMessage request) { }
    }
}
namespace Microsoft.Extensions.DependencyInjection
{
    public static class DatagridServiceCollectionExtensions
    {
        public const string HttpClientName = "Datagrid";
        public static Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddDatagridClient(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration) { }
        public static Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddDatagridClient(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, System.Action<Datagrid.DatagridClientOptions> configure) { }
        public static Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddDatagridClient(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, string name, Microsoft.Extensions.Configuration.IConfiguration configuration) { }
        public static Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddDatagridClient(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, string name, System.Action<Datagrid.DatagridClientOptions> configure) { }
    }
}
