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
    public static readonly RequestOption<int> AttemptsKey = new("Datagrid.Attempts");

    /// <summary>
    /// The operation's path template (e.g. <c>user-memories/{user_memory_id}</c>) on every request of a call: what a
    /// user-supplied limiter partitions on (the rate-limits guide, "Datagrid.PathTemplate").
    /// </summary>
    public static readonly RequestOption<string> PathTemplateKey = new("Datagrid.PathTemplate");

    /// <summary>
    /// The call's record (<see cref="DatagridCall"/>: attempts, elapsed, rate-limit headers, parsed error body), on
    /// every request the call sends; read it from <c>response.RequestMessage.Options</c>.
    /// </summary>
    public static readonly RequestOption<DatagridCall> CallKey = new("Datagrid.Call");

    private readonly HttpMessageInvoker _transport;
    private readonly bool _ownsHttpClient;
    private readonly RateLimitGate? _gate;
    private readonly DatagridPipelinePolicy[] _policies;
    private readonly ILogger _logger;

    // The pipeline that owns the transport and the limiter: itself, or the one a WithOptions view was made from.
    private readonly DatagridPipeline _root;
    private AttemptStep _attempt = null!;
    private DeadlineStep? _deadline;
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
        _root = this;
        _logger = settings.LoggerFactory.CreateLogger(DatagridLog.Category);
        RetryRules = new RetryPolicy(settings);
        if (settings.EnableClientRateLimiting)
        {
            _gate = new RateLimitGate(settings, _logger, rateLimitHandlerPresent, ownTransport: transport is not HttpClient);
        }

        _policies = BuildPolicies(settings, _logger, sharedTimeouts: null);
    }

    /// <summary>
    /// A view of <paramref name="parent"/> with other per-call settings (a <c>WithOptions</c> client): the same
    /// transport, limiter and connections; its own policy list, so a call through it costs what a call through the
    /// parent costs. Disposing it releases only what it made itself (an attempt-timeout timer of another length).
    /// </summary>
    private DatagridPipeline(DatagridPipeline parent, ClientSettings settings)
    {
        _root = parent._root;
        _transport = parent._transport;
        _ownsHttpClient = false;
        _gate = parent._gate;
        _logger = parent._logger;
        Settings = settings;
        RetryRules = new RetryPolicy(settings) { Jitter = parent.RetryRules.Jitter };

        // The root's attempt timeouts (one timer) serve every view with the root's timeout; a view with another makes
        // its own, never sharing one with a view of it, so disposing a view cannot stop another view's timeouts.
        _policies = BuildPolicies(settings, _logger, sharedTimeouts: settings.Timeout == _root.Settings.Timeout ? _root._attempt.Timeouts : null);
    }

    public ClientSettings Settings { get; }

    /// <summary>The retry rules (tests replace the jitter).</summary>
    public RetryPolicy RetryRules { get; }

    /// <summary>The policies in the order a request passes them, outermost first.</summary>
    public IReadOnlyList<DatagridPipelinePolicy> Policies => _policies;

    /// <summary>The rate-limit headers of the most recent response that carried any, from any call.</summary>
    public RateLimitInfo? LastRateLimit => Volatile.Read(ref _root._lastRateLimit);

    public TimeSpan HttpClientTimeout => _transport is HttpClient client ? client.Timeout : Timeout.InfiniteTimeSpan;

    /// <summary>Sends one operation call through the policies; returns the last response, success or error.</summary>
    /// <param name="request">The operation's request.</param>
    /// <param name="pathTemplate">The operation's path template (e.g. <c>user-memories/{user_memory_id}</c>): the limiter's window.</param>
    /// <param name="bodyStatuses">The statuses whose body the operation reads as a result (space-separated); other 2xx bodies are bounded.</param>
    /// <param name="completionOption">When the transport hands the response on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public ValueTask<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        string? pathTemplate,
        string? bodyStatuses,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        // HttpClient would still hand an already-cancelled request to its handlers; send nothing instead.
        cancellationToken.ThrowIfCancellationRequested();
        string path;
        if (string.IsNullOrEmpty(pathTemplate))
        {
            path = PathTemplateKey.TryGet(request, out var set) ? set : request.RequestUri?.AbsolutePath ?? string.Empty;
        }
        else
        {
            path = pathTemplate;
            PathTemplateKey.Set(request, pathTemplate);
        }

        var call = new DatagridCall(request.Method.Method, path, completionOption, bodyStatuses);

        // In the options for what only sees the request (the rate-limit handler inside an HttpClient, raw-response
        // readers, a limiter's partitioning); the policies get it with the cursor instead of looking it up each time.
        CallKey.Set(request, call);
        return _policies[0].SendAsync(request, new DatagridPipelineNext(_policies, 1, call), cancellationToken);
    }

    /// <summary>A view with <paramref name="settings"/> (made by <see cref="ClientSettings.WithOverrides"/> from these).</summary>
    public DatagridPipeline With(ClientSettings settings) => new(this, settings);

    public void Dispose()
    {
        _attempt.Dispose();
        _deadline?.Dispose();
        if (!ReferenceEquals(_root, this))
        {
            return; // a view: the transport and the limiter belong to the root
        }

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
            Volatile.Write(ref _root._lastRateLimit, info);
        }

        RateLimitCapture.Current?.Record(info);
    }

    /// <summary>
    /// The order, outermost first: telemetry; the call's deadline (only when there is one); the user's per-call
    /// policies; retry; the rate limiter; the user's per-attempt policies; the attempt timeout with exception mapping;
    /// the transport.
    /// </summary>
    private DatagridPipelinePolicy[] BuildPolicies(ClientSettings settings, ILogger logger, AttemptTimeouts? sharedTimeouts)
    {
        var rateLimit = _gate is null ? null : new RateLimitStep(_gate, ownTransport: _transport is not HttpClient);
        var policies = new List<DatagridPipelinePolicy> { new TelemetryStep() };
        if (settings.Deadline != Timeout.InfiniteTimeSpan)
        {
            _deadline = new DeadlineStep(settings.Deadline, settings.TimeProvider);
            policies.Add(_deadline);
        }

        policies.AddRange(settings.PerCallPolicies);
        policies.Add(new RetryStep(RetryRules, settings, logger));
        if (rateLimit is not null)
        {
            policies.Add(rateLimit);
        }

        policies.AddRange(settings.PerAttemptPolicies);
        _attempt = new AttemptStep(this, settings, _gate, sharedTimeouts);
        policies.Add(_attempt);
        policies.Add(new TransportStep(_transport));
        return [.. policies];
    }
}
