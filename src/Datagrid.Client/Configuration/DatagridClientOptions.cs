namespace Datagrid;

/// <summary>
/// Settings for a Datagrid client, grouped as the Azure SDK groups its client options: connection settings here,
/// <see cref="Retry"/>, <see cref="RateLimiting"/> and <see cref="Diagnostics"/> in sub-objects. Anything left unset
/// falls back to the environment variables the official SDKs read (<c>DATAGRID_API_KEY</c>, <c>DATAGRID_BASE_URL</c>,
/// <c>DATAGRID_TEAMSPACE_ID</c>, <c>DATAGRID_CUSTOM_HEADERS</c>); values set here always win.
/// <para>
/// Once a client is built from an instance, the instance is frozen: setters throw
/// <see cref="InvalidOperationException"/>, because the client would not see the change.
/// </para>
/// </summary>
public class DatagridClientOptions
{
    /// <summary>The API's address when neither <see cref="BaseUrl"/> nor <c>DATAGRID_BASE_URL</c> says otherwise.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.datagrid.com/v1");

    private readonly FreezeGuard _guard = new();
    private string? _apiKey;
    private Uri? _baseUrl;
    private string? _teamspace;
    private TimeSpan _timeout = TimeSpan.FromSeconds(60);
    private TimeSpan? _deadline;
    private bool _allowInsecureHttp;
    private bool _useEnvironment = true;
    private TimeProvider _timeProvider = TimeProvider.System;
    private readonly List<(DatagridPipelinePolicy Policy, DatagridPipelinePosition Position)> _policies = [];

    /// <summary>Creates options with the defaults.</summary>
    public DatagridClientOptions()
    {
        Retry = new DatagridRetryOptions(_guard);
        RateLimiting = new DatagridRateLimitingOptions(_guard);
        Diagnostics = new DatagridDiagnosticsOptions(_guard);
        DefaultHeaders = new FreezableDictionary(_guard);
    }

    /// <summary>The API key sent as <c>Authorization: Bearer</c>. Falls back to <c>DATAGRID_API_KEY</c>.</summary>
    public string? ApiKey { get => _apiKey; set => _guard.Set(ref _apiKey, value); }

    /// <summary>The API's base address, including <c>/v1</c>. Falls back to <c>DATAGRID_BASE_URL</c>, then <see cref="DefaultBaseUrl"/>.</summary>
    public Uri? BaseUrl { get => _baseUrl; set => _guard.Set(ref _baseUrl, value); }

    /// <summary>Teamspace id sent as the <c>Datagrid-Teamspace</c> header. Falls back to <c>DATAGRID_TEAMSPACE_ID</c>.</summary>
    public string? Teamspace { get => _teamspace; set => _guard.Set(ref _teamspace, value); }

    /// <summary>Time allowed for one attempt, response body included (default 60 s, as the official SDKs).</summary>
    public TimeSpan Timeout { get => _timeout; set => _guard.Set(ref _timeout, value); }

    /// <summary>
    /// Time allowed for a whole call: every attempt, the waits between them and the waits for a rate-limit permit
    /// (default none). When it passes, the call ends with a <see cref="DatagridTimeoutException"/> that says so;
    /// <see cref="Timeout"/> still bounds each attempt. A retry whose wait alone would end past the deadline is not
    /// started: the call ends at once with that attempt's error. <c>WithOptions</c> can set it per client view.
    /// </summary>
    public TimeSpan? Deadline { get => _deadline; set => _guard.Set(ref _deadline, value); }

    /// <summary>How failed attempts are retried: how many times and how long to wait.</summary>
    public DatagridRetryOptions Retry { get; }

    /// <summary>The client-side rate limiter that keeps requests within Datagrid's sliding-window limit.</summary>
    public DatagridRateLimitingOptions RateLimiting { get; }

    /// <summary>Logging.</summary>
    public DatagridDiagnosticsOptions Diagnostics { get; }

    /// <summary>Headers sent with every request. Merged over <c>DATAGRID_CUSTOM_HEADERS</c> (same name: this wins).</summary>
    public IDictionary<string, string> DefaultHeaders { get; }

    /// <summary>
    /// Allow sending the API key over plain <c>http://</c> to a host that is not loopback. Off by default: anyone on
    /// the path could read the key. Loopback addresses (localhost, 127.0.0.0/8, ::1) never need it.
    /// </summary>
    public bool AllowInsecureHttp { get => _allowInsecureHttp; set => _guard.Set(ref _allowInsecureHttp, value); }

    /// <summary>Read <c>DATAGRID_*</c> environment variables for unset values (default true).</summary>
    public bool UseEnvironment { get => _useEnvironment; set => _guard.Set(ref _useEnvironment, value); }

    /// <summary>Clock used for timeouts, backoff and rate-limit windows; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get => _timeProvider; set => _guard.Set(ref _timeProvider, value); }

    /// <summary>
    /// Adds a policy of your own to the client's pipeline, as Azure.Core's <c>ClientOptions.AddPolicy</c>: at
    /// <see cref="DatagridPipelinePosition.PerCall"/> it runs once per operation call, outside the retries; at
    /// <see cref="DatagridPipelinePosition.PerAttempt"/> once per attempt, after the client-side limiter and inside the
    /// attempt timeout. Policies at the same position run in the order added.
    /// </summary>
    /// <param name="policy">The policy; one instance serves all calls, concurrently.</param>
    /// <param name="position">Where it runs.</param>
    public void AddPolicy(DatagridPipelinePolicy policy, DatagridPipelinePosition position)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!Enum.IsDefined(position))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "Use DatagridPipelinePosition.PerCall or PerAttempt.");
        }

        _guard.ThrowIfFrozen();
        _policies.Add((policy, position));
    }

    /// <summary>True once a client was built from these options; setters then throw.</summary>
    public bool IsFrozen => _guard.IsFrozen;

    /// <summary>Describes the options without the API key.</summary>
    public override string ToString() =>
        $"DatagridClientOptions {{ BaseUrl = {BaseUrl?.ToString() ?? "(default)"}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set, hidden)")}, " +
        $"Teamspace = {Teamspace ?? "(not set)"}, Timeout = {Timeout}, Deadline = {Deadline?.ToString() ?? "(none)"}, Retry = {Retry}, RateLimiting = {RateLimiting} }}";

    internal IReadOnlyList<(DatagridPipelinePolicy Policy, DatagridPipelinePosition Position)> Policies => _policies;

    /// <summary>
    /// Set by <c>AddDatagridClient</c>: the HttpClient the client gets ends in a <see cref="DatagridRateLimitHandler"/>
    /// (added by a handler-builder filter after all user configuration), so the limiter counts HTTP requests there.
    /// </summary>
    internal bool RateLimitHandlerInstalled { get; set; }

    /// <summary>
    /// Set by <c>AddDatagridClient</c> when <see cref="DatagridRateLimitingOptions.Limiter"/> is not: the built-in limiter
    /// shared by the registered clients with the same API key, base URL and limiter settings (it keeps one window per
    /// teamspace already). The client does not own it.
    /// </summary>
    internal System.Threading.RateLimiting.PartitionedRateLimiter<HttpRequestMessage>? SharedLimiter { get; set; }

    /// <summary>Called when a client takes its snapshot.</summary>
    internal void Freeze() => _guard.Freeze();
}
