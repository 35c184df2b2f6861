using Datagrid.Diagnostics;
using Datagrid.Http.Policies;
using Datagrid.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Datagrid.Http;

/// <summary>
/// What the generated code sends through: nswag.json sets it as the "httpClientType", so every generated operation
/// calls <see cref="SendAsync"/> here instead of <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>.
/// It runs an ordered list of small policies (<see cref="BuildPolicies"/> is the one place that orders them), so
/// per-attempt timeouts, retries and client-side rate limiting apply to every operation the spec has or gains,
/// whichever way the <see cref="HttpClient"/> underneath was made (ours, injected, or from DI).
/// </summary>
internal sealed class DatagridPipeline : IDisposable
{
    /// <summary>
    /// Set on the requests of attempts 2 and later, so error mapping and raw responses can report how many attempts
    /// were made; absent means the first attempt (1). <see cref="CallKey"/> has the same count.
    /// </summary>
    public static readonly HttpRequestOptionsKey<int> AttemptsKey = new("Datagrid.Attempts");

    /// <summary>The operation's path template (e.g. <c>user-memories/{user_memory_id}</c>), set by the generated code.</summary>
    public static readonly HttpRequestOptionsKey<string> PathTemplateKey = new("Datagrid.PathTemplate");

    /// <summary>
    /// The statuses whose body the operation reads as a declared result (space-separated), set by the generated code;
    /// any other 2xx body is read only up to <see cref="ErrorBody.MaxBytes"/>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> BodyStatusesKey = new("Datagrid.BodyStatuses");

    /// <summary>
    /// The call's record (<see cref="DatagridCall"/>: attempts, elapsed, rate-limit headers, parsed error body), on
    /// every request the call sends; read it from <c>response.RequestMessage.Options</c>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<DatagridCall> CallKey = new("Datagrid.Call");

    private readonly HttpMessageInvoker _transport;
    private readonly bool _ownsHttpClient;
    private readonly RateLimitGate? _gate;
    private readonly DatagridPipelinePolicy[] _policies;
    private RateLimitInfo? _lastRateLimit;

    /// <param name="transport">Sends the requests: an HttpClient, or the client's own bare invoker (see <see cref="TransportStep"/>).</param>
    /// <param name="ownsHttpClient">Dispose it with the pipeline.</param>
    /// <param name="settings">The client's settings.</param>
    /// <param name="rateLimitHandlerPresent">The HttpClient is known to end in a <see cref="DatagridRateLimitHandler"/>.</param>
    public DatagridPipeline(HttpMessageInvoker transport, bool ownsHttpClient, ClientSettings settings, bool rateLimitHandlerPresent = false)
    {
        _transport = transport;
        _ownsHttpClient = ownsHttpClient;
        Settings = settings;
        var logger = settings.LoggerFactory.CreateLogger(DatagridLog.Category);
        RetryRules = new RetryPolicy(settings);
        if (settings.EnableClientRateLimiting)
        {
            _gate = new RateLimitGate(settings, logger);
        }

        _policies = BuildPolicies(settings, logger, rateLimitHandlerPresent);
    }

    public ClientSettings Settings { get; }

    /// <summary>The retry rules (tests replace the jitter).</summary>
    public RetryPolicy RetryRules { get; }

    /// <summary>The policies in the order a request passes them, outermost first.</summary>
    public IReadOnlyList<DatagridPipelinePolicy> Policies => _policies;

    /// <summary>The rate-limit headers of the most recent response that carried any, from any call.</summary>
    public RateLimitInfo? LastRateLimit => Volatile.Read(ref _lastRateLimit);

    public TimeSpan HttpClientTimeout => _transport is HttpClient client ? client.Timeout : Timeout.InfiniteTimeSpan;

    /// <summary>Sends one operation call through the policies; returns the last response, success or error.</summary>
    public ValueTask<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        // HttpClient would still hand an already-cancelled request to its handlers; send nothing instead.
        cancellationToken.ThrowIfCancellationRequested();
        var path = request.Options.TryGetValue(PathTemplateKey, out var template) ? template : request.RequestUri?.AbsolutePath ?? string.Empty;
        request.Options.Set(CallKey, new DatagridCall(request.Method.Method, path, completionOption, Settings.TimeProvider.GetTimestamp()));
        return _policies[0].SendAsync(request, new DatagridPipelineNext(_policies, 1), cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _transport.Dispose();
        }

        _gate?.Dispose();
    }

    /// <summary>Records the rate-limit headers of a response for <see cref="LastRateLimit"/> and <see cref="RateLimitCapture"/>.</summary>
    internal void Publish(RateLimitInfo? info)
    {
        if (info is not null)
        {
            Volatile.Write(ref _lastRateLimit, info);
        }

        RateLimitCapture.Current?.Record(info);
    }

    /// <summary>
    /// The order, outermost first: telemetry; the user's per-call policies; retry; the rate limiter; the user's
    /// per-attempt policies; the attempt timeout with exception mapping; the transport.
    /// </summary>
    private DatagridPipelinePolicy[] BuildPolicies(ClientSettings settings, ILogger logger, bool rateLimitHandlerPresent)
    {
        var rateLimit = _gate is null ? null : new RateLimitStep(_gate, rateLimitHandlerPresent, ownTransport: _transport is not HttpClient);
        var policies = new List<DatagridPipelinePolicy> { new TelemetryStep(settings.TimeProvider) };
        policies.AddRange(settings.PerCallPolicies);
        policies.Add(new RetryStep(RetryRules, settings, logger));
        if (rateLimit is not null)
        {
            policies.Add(rateLimit);
        }

        policies.AddRange(settings.PerAttemptPolicies);
        policies.Add(new AttemptStep(this, settings, rateLimit));
        policies.Add(new TransportStep(_transport));
        return [.. policies];
    }
}
