using System.Net.Http.Headers;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Datagrid;

/// <summary>
/// The validated, immutable snapshot of <see cref="DatagridClientOptions"/> plus environment that a client runs with.
/// Immutable so one client can serve concurrent calls without locks.
/// </summary>
internal sealed class ClientSettings
{
    internal const string TeamspaceHeader = "Datagrid-Teamspace";

    // The parameter of WithOptions that a bad override came through (what ArgumentException.ParamName reports).
    private static readonly string ConfigureParameter = "configure";

    private ClientSettings(
        string apiKey,
        Uri baseUrl,
        string? teamspace,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        DatagridClientOptions options)
    {
        ApiKey = apiKey;
        Authorization = "Bearer " + apiKey;
        BaseUrl = baseUrl;
        Teamspace = teamspace;
        Headers = headers;
        Timeout = options.Timeout;
        Deadline = options.Deadline ?? System.Threading.Timeout.InfiniteTimeSpan;
        MaxRetries = options.Retry.MaxRetries;
        InitialRetryDelay = options.Retry.InitialDelay;
        MaxRetryDelay = options.Retry.MaxDelay;
        MaxRetryAfter = options.Retry.MaxRetryAfter;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        LoggerFactory = options.Diagnostics.LoggerFactory ?? NullLoggerFactory.Instance;
        EnableClientRateLimiting = options.RateLimiting.Enabled;
        RateLimitPerWindow = options.RateLimiting.PermitLimit;
        RateLimitWindow = options.RateLimiting.Window;
        RateLimiter = options.RateLimiting.Limiter ?? options.SharedLimiter;
        PerCallPolicies = [.. options.Policies.Where(p => p.Position == DatagridPipelinePosition.PerCall).Select(p => p.Policy)];
        PerAttemptPolicies = [.. options.Policies.Where(p => p.Position == DatagridPipelinePosition.PerAttempt).Select(p => p.Policy)];
        RateLimitHandlerInstalled = options.RateLimitHandlerInstalled;
    }

    public static string UserAgent { get; } = BuildUserAgent();

    public string ApiKey { get; }

    /// <summary>The <c>Authorization</c> header value, built once instead of per request.</summary>
    public string Authorization { get; }

    /// <summary>Absolute, ends with '/', so relative operation paths append to it.</summary>
    public Uri BaseUrl { get; }

    // Settable only by WithOverrides, on its own copy: a client's settings never change once it is built.
    public string? Teamspace { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; }

    public TimeSpan Timeout { get; private set; }

    /// <summary>Time allowed for a whole call (attempts, retry waits, limiter waits); infinite when none.</summary>
    public TimeSpan Deadline { get; private set; }

    public int MaxRetries { get; private set; }

    public TimeSpan InitialRetryDelay { get; }

    public TimeSpan MaxRetryDelay { get; }

    public TimeSpan MaxRetryAfter { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }

    public bool EnableClientRateLimiting { get; }

    public int? RateLimitPerWindow { get; }

    public TimeSpan RateLimitWindow { get; }

    public PartitionedRateLimiter<HttpRequestMessage>? RateLimiter { get; }

    public IReadOnlyList<DatagridPipelinePolicy> PerCallPolicies { get; }

    public IReadOnlyList<DatagridPipelinePolicy> PerAttemptPolicies { get; }

    public bool RateLimitHandlerInstalled { get; }

    public static ClientSettings Resolve(DatagridClientOptions options) =>
        Resolve(options, Environment.GetEnvironmentVariable);

    /// <summary>Applies "explicit options win over the environment" and validates the result.</summary>
    public static ClientSettings Resolve(DatagridClientOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        Func<string, string?> env = options.UseEnvironment ? environment : static _ => null;

        var apiKey = FirstSet(options.ApiKey, env(EnvironmentVariables.ApiKey))
            ?? throw new DatagridConfigurationException(
                $"No Datagrid API key: set the {EnvironmentVariables.ApiKey} environment variable or DatagridClientOptions.ApiKey.");
        if (apiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new DatagridConfigurationException(
                $"The Datagrid API key contains spaces or control characters (a stray newline?); check {EnvironmentVariables.ApiKey} or DatagridClientOptions.ApiKey.");
        }

        var baseUrl = ResolveBaseUrl(options, env);
        var teamspace = FirstSet(options.Teamspace, env(EnvironmentVariables.TeamspaceId));
        if (teamspace is not null && teamspace.Any(char.IsControl))
        {
            throw new DatagridConfigurationException(
                $"The teamspace id contains control characters; check {EnvironmentVariables.TeamspaceId} or DatagridClientOptions.Teamspace.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in CustomHeaderParser.Parse(env(EnvironmentVariables.CustomHeaders)))
        {
            headers[name] = value;
        }

        foreach (var (name, value) in options.DefaultHeaders)
        {
            headers[name] = value;
        }

        foreach (var (name, value) in headers)
        {
            CheckHeader(name, value);
        }

        CheckDurations(options);
        return new ClientSettings(apiKey, baseUrl, teamspace, [.. headers], options);
    }

    /// <summary>
    /// These settings with a <c>WithOptions</c> client's overrides applied (validated here, so a bad value fails where it
    /// is set, not at the first call). <paramref name="operationHeaders"/> are the header parameters the spec declares:
    /// the operation's argument sets them, so they cannot be overridden.
    /// </summary>
    public ClientSettings WithOverrides(DatagridRequestOptions overrides, IReadOnlyCollection<string> operationHeaders)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var copy = (ClientSettings)MemberwiseClone();
        if (overrides.Timeout is { } timeout)
        {
            if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(ConfigureParameter, timeout, "DatagridRequestOptions.Timeout must be positive (or Timeout.InfiniteTimeSpan).");
            }

            copy.Timeout = timeout;
        }

        if (overrides.Deadline is { } deadline)
        {
            if (deadline <= TimeSpan.Zero && deadline != System.Threading.Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(ConfigureParameter, deadline, "DatagridRequestOptions.Deadline must be positive (or Timeout.InfiniteTimeSpan for none).");
            }

            copy.Deadline = deadline;
        }

        if (overrides.MaxRetries is { } maxRetries)
        {
            if (maxRetries < 0)
            {
                throw new ArgumentOutOfRangeException(ConfigureParameter, maxRetries, "DatagridRequestOptions.MaxRetries must be 0 or more.");
            }

            copy.MaxRetries = maxRetries;
        }

        if (overrides.Teamspace is { } teamspace)
        {
            if (string.IsNullOrWhiteSpace(teamspace) || teamspace.Any(char.IsControl))
            {
                throw new ArgumentException("DatagridRequestOptions.Teamspace must be a teamspace id (not empty, no control characters); leave it null to keep the client's.", ConfigureParameter);
            }

            copy.Teamspace = teamspace.Trim();
        }

        if (overrides.Headers.Count > 0)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in Headers)
            {
                headers[name] = value;
            }

            foreach (var (name, value) in overrides.Headers)
            {
                CheckOverrideHeader(name, value, operationHeaders);
                headers[name] = value;
            }

            copy.Headers = [.. headers];
        }

        return copy;
    }

    /// <summary>Describes the settings without the API key.</summary>
    public override string ToString() => $"ClientSettings {{ BaseUrl = {BaseUrl}, Teamspace = {Teamspace ?? "(none)"}, ApiKey = (hidden) }}";

    private static Uri ResolveBaseUrl(DatagridClientOptions options, Func<string, string?> env)
    {
        Uri baseUrl;
        string source;
        if (options.BaseUrl is not null)
        {
            (baseUrl, source) = (options.BaseUrl, "DatagridClientOptions.BaseUrl");
        }
        else if (FirstSet(env(EnvironmentVariables.BaseUrl)) is { } fromEnv)
        {
            source = EnvironmentVariables.BaseUrl;
            if (!Uri.TryCreate(fromEnv, UriKind.Absolute, out baseUrl!))
            {
                throw new DatagridConfigurationException($"{source} is not an absolute URL: '{fromEnv}'. Use a value like {DatagridClientOptions.DefaultBaseUrl}.");
            }
        }
        else
        {
            (baseUrl, source) = (DatagridClientOptions.DefaultBaseUrl, "the default base URL");
        }

        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new DatagridConfigurationException($"{source} must be an absolute http(s) URL, like {DatagridClientOptions.DefaultBaseUrl}; got '{baseUrl}'.");
        }

        if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            throw new DatagridConfigurationException($"{source} must not carry a query, fragment or user info; got '{baseUrl.GetLeftPart(UriPartial.Path)}...'.");
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback && !options.AllowInsecureHttp)
        {
            throw new DatagridConfigurationException(
                $"Refusing to send the API key over plain http to {baseUrl.Host}: anyone on the network path could read it. " +
                "Use an https URL, or set DatagridClientOptions.AllowInsecureHttp = true if the network is trusted.");
        }

        var text = baseUrl.AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    private static void CheckHeader(string name, string value)
    {
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            throw new DatagridConfigurationException(
                "Authorization is set from the API key; pass the key as DatagridClientOptions.ApiKey or DATAGRID_API_KEY, not as a default header.");
        }

        try
        {
            using var probe = new HttpRequestMessage();
            probe.Headers.Add(name, value);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new DatagridConfigurationException(
                $"Default header '{name}' is not a valid request header ({ex.Message}); check DatagridClientOptions.DefaultHeaders or {EnvironmentVariables.CustomHeaders}.");
        }
    }

    private static void CheckOverrideHeader(string name, string? value, IReadOnlyCollection<string> operationHeaders)
    {
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Authorization cannot be set through DatagridRequestOptions.Headers: it is sent from the client's API key. Create a client with another ApiKey instead.", ConfigureParameter);
        }

        if (name.Equals(TeamspaceHeader, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{TeamspaceHeader} cannot be set through DatagridRequestOptions.Headers: set DatagridRequestOptions.Teamspace, which also selects that teamspace's rate-limit window.", ConfigureParameter);
        }

        foreach (var declared in operationHeaders)
        {
            if (name.Equals(declared, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{name}' is a header parameter of an API operation: pass it as that operation's argument (its parameters object), not through DatagridRequestOptions.Headers.", ConfigureParameter);
            }
        }

        try
        {
            using var probe = new HttpRequestMessage();
            probe.Headers.Add(name, value);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"Header '{name}' is not a valid request header ({ex.Message}).", ConfigureParameter, ex);
        }
    }

    private static void CheckDurations(DatagridClientOptions options)
    {
        if (options.Deadline is { } deadline && deadline <= TimeSpan.Zero && deadline != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new DatagridConfigurationException($"DatagridClientOptions.Deadline must be positive (or null for none); got {deadline}.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new DatagridConfigurationException($"DatagridClientOptions.Timeout must be positive (or Timeout.InfiniteTimeSpan); got {options.Timeout}.");
        }

        var retry = options.Retry;
        if (retry.MaxRetries < 0)
        {
            throw new DatagridConfigurationException($"DatagridClientOptions.Retry.MaxRetries must be 0 or more; got {retry.MaxRetries}.");
        }

        if (retry.InitialDelay < TimeSpan.Zero || retry.MaxDelay < retry.InitialDelay || retry.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new DatagridConfigurationException(
                "Retry delays must satisfy 0 <= Retry.InitialDelay <= Retry.MaxDelay and Retry.MaxRetryAfter >= 0; " +
                $"got InitialDelay = {retry.InitialDelay}, MaxDelay = {retry.MaxDelay}, MaxRetryAfter = {retry.MaxRetryAfter}.");
        }

        var limiting = options.RateLimiting;
        if (limiting.PermitLimit is < 1)
        {
            throw new DatagridConfigurationException(
                $"DatagridClientOptions.RateLimiting.PermitLimit must be at least 1 (or null to learn it from X-RateLimit-Limit); got {limiting.PermitLimit}.");
        }

        if (limiting.Window <= TimeSpan.Zero || limiting.Window == System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new DatagridConfigurationException(
                $"DatagridClientOptions.RateLimiting.Window must be a positive duration (Datagrid's window is 60 s); got {limiting.Window}.");
        }
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string BuildUserAgent()
    {
        var assembly = typeof(ClientSettings).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        version = plus > 0 ? version[..plus] : version;
        return new ProductInfoHeaderValue("Datagrid.Client", version) + $" (.NET {Environment.Version}; {Environment.OSVersion.Platform})";
    }
}
