using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Datagrid;

/// <summary>
/// Settings for a Datagrid client. Anything left unset falls back to the environment variables the official SDKs read
/// (<c>DATAGRID_API_KEY</c>, <c>DATAGRID_BASE_URL</c>, <c>DATAGRID_TEAMSPACE_ID</c>, <c>DATAGRID_CUSTOM_HEADERS</c>);
/// values set here always win. A client takes a snapshot when it is built, so later changes do not affect it.
/// </summary>
public class DatagridClientOptions
{
    /// <summary>The API's address when neither <see cref="BaseUrl"/> nor <c>DATAGRID_BASE_URL</c> says otherwise.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.datagrid.com/v1");

    /// <summary>The API key sent as <c>Authorization: Bearer</c>. Falls back to <c>DATAGRID_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API's base address, including <c>/v1</c>. Falls back to <c>DATAGRID_BASE_URL</c>, then <see cref="DefaultBaseUrl"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Teamspace id sent as the <c>Datagrid-Teamspace</c> header. Falls back to <c>DATAGRID_TEAMSPACE_ID</c>.</summary>
    public string? Teamspace { get; set; }

    /// <summary>Time allowed for one attempt to get response headers (default 60 s, as the official SDKs).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a failed request is retried (default 2, as the official SDKs; 0 turns retries off).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay when the server gives no <c>Retry-After</c> (default 0.5 s); doubles per attempt.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest backoff delay when the server gives no <c>Retry-After</c> (default 8 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Longest server-requested wait (<c>Retry-After</c>) the client will sit out (default 60 s). A longer one is not
    /// waited for: the request fails at once with a <see cref="DatagridRateLimitException"/> carrying the wait.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Hold requests back on the client so they stay within Datagrid's sliding-window rate limit instead of being
    /// refused with 429 (default true). One window per teamspace, HTTP method and endpoint path template, shared by
    /// all concurrent calls of the client. The limit is learned from <c>X-RateLimit-Limit</c> (or
    /// <see cref="RateLimitPerWindow"/>) and corrected from <c>X-RateLimit-Remaining</c> and 429 responses.
    /// </summary>
    public bool EnableClientRateLimiting { get; set; } = true;

    /// <summary>
    /// The limit to assume before the server has reported one (requests per <see cref="RateLimitWindow"/>). Null
    /// (default): until the first response arrives, one request at a time is sent. A limit the server reports in
    /// <c>X-RateLimit-Limit</c> replaces it.
    /// </summary>
    public int? RateLimitPerWindow { get; set; }

    /// <summary>Length of the server's sliding window (default 60 s, Datagrid's documented window). Not sent in any header.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A limiter of your own used instead of the built-in one (for example one shared by many clients or processes).
    /// Every attempt acquires one permit from it before being sent and disposes the lease when the response headers
    /// arrive. The request carries its path template in <c>request.Options["Datagrid.PathTemplate"]</c> and the
    /// teamspace in the <c>Datagrid-Teamspace</c> header, for partitioning. The client does not dispose it.
    /// Ignored when <see cref="EnableClientRateLimiting"/> is false.
    /// </summary>
    public PartitionedRateLimiter<HttpRequestMessage>? RateLimiter { get; set; }

    /// <summary>Headers sent with every request. Merged over <c>DATAGRID_CUSTOM_HEADERS</c> (same name: this wins).</summary>
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Allow sending the API key over plain <c>http://</c> to a host that is not loopback. Off by default: anyone on
    /// the path could read the key. Loopback addresses (localhost, 127.0.0.0/8, ::1) never need it.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Read <c>DATAGRID_*</c> environment variables for unset values (default true).</summary>
    public bool UseEnvironment { get; set; } = true;

    /// <summary>Clock used for timeouts, backoff and rate-limit windows; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs waits and retries. Nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Describes the options without the API key.</summary>
    public override string ToString() =>
        $"DatagridClientOptions {{ BaseUrl = {BaseUrl?.ToString() ?? "(default)"}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set, hidden)")}, " +
        $"Teamspace = {Teamspace ?? "(not set)"}, Timeout = {Timeout}, MaxRetries = {MaxRetries} }}";
}
