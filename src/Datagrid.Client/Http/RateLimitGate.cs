using System.Threading.RateLimiting;
using Datagrid.Diagnostics;
using Datagrid.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Datagrid.Http;

/// <summary>
/// Owns the permits: every HTTP request takes exactly one permit, taken as late as possible, released by the
/// response, not counted against the attempt timeout. "HTTP request" means each one that reaches the wire: the
/// client's retries, and also those a resilience handler (<c>AddStandardResilienceHandler</c>) or any
/// DelegatingHandler repeats below the pipeline. "As late as possible": just before the request is sent, after every
/// handler above it. "Released by the response": the response is fed back to the limiter and the lease disposed when
/// its headers are in, which starts the slot's window (RULES.md R3). "Not counted": the attempt's timeout is paused
/// while the request waits for its permit and starts when the permit is granted.
/// </summary>
/// <remarks>
/// Which layer takes the permit, decided here and nowhere else:
/// <list type="bullet">
/// <item>the client's own transport (nothing can sit under the pipeline): the pipeline's rate-limit step, per attempt
/// (<see cref="SendAsync(HttpRequestMessage, DatagridPipelineNext, CancellationToken)"/>);</item>
/// <item>an HttpClient ending in <see cref="DatagridRateLimitHandler"/> (the one DI registers, innermost under any
/// resilience handler, or one a user added): the handler, per HTTP request (<see cref="SendFromHandlerAsync"/>); the
/// attempt's timeout then starts when the handler's permit is granted (<see cref="PermitTakenBelowPipeline"/>);</item>
/// <item>an injected HttpClient without it: the pipeline's step, per attempt, until a request shows a handler below
/// after all (<see cref="SendFromPipelineAsync"/>), from when on the handler takes them.</item>
/// </list>
/// The other types only ask: the step and the handler forward to this type, the attempt step asks
/// <see cref="PermitTakenBelowPipeline"/>, and the per-call flags of <see cref="DatagridCall"/> are written only here.
/// </remarks>
internal sealed class RateLimitGate : IDisposable
{
    private readonly PartitionedRateLimiter<HttpRequestMessage> _limiter;
    private readonly bool _ownsLimiter;
    private readonly ClientSettings _settings;
    private readonly ILogger _logger;
    private volatile bool _handlerPresent;

    /// <param name="settings">The client's settings (its limiter, or the options to build one).</param>
    /// <param name="logger">Logs throttle waits.</param>
    /// <param name="handlerPresent">The HttpClient is known to end in a <see cref="DatagridRateLimitHandler"/> (DI's).</param>
    /// <param name="ownTransport">The client's own transport: no handler can sit under the pipeline.</param>
    public RateLimitGate(ClientSettings settings, ILogger logger, bool handlerPresent = false, bool ownTransport = false)
    {
        _settings = settings;
        _logger = logger;
        _ownsLimiter = settings.RateLimiter is null;
        _limiter = settings.RateLimiter ?? new DatagridRateLimiter(settings.RateLimitPerWindow, settings.RateLimitWindow, settings.MaxRetryAfter, settings.TimeProvider);
        _handlerPresent = handlerPresent && !ownTransport;
    }

    /// <summary>
    /// True while the innermost handler takes the permits: the attempt's timeout then waits for its grant (the wait
    /// happens inside the attempt, below the pipeline).
    /// </summary>
    public bool PermitTakenBelowPipeline => _handlerPresent;

    /// <summary>
    /// The pipeline's rate-limit step on an HttpClient (not the own transport): leaves the permit to the innermost
    /// handler when one is there, else takes it per attempt; learns from each call whether the handler is present.
    /// </summary>
    // Pooled: the state machine of every call would otherwise be a fresh allocation (benchmarks guide, per-call cost).
#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<HttpResponseMessage> SendFromPipelineAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        call.Gate = this;
        if (_handlerPresent)
        {
            call.LeaseTakenByPipeline = false;
            call.HandlerSeen = false;
            var response = await pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!call.HandlerSeen)
            {
                // The handler was expected but not reached (an HttpClient built without it): count per attempt from now on.
                _handlerPresent = false;
            }

            return response;
        }

        call.LeaseTakenByPipeline = true;
        try
        {
            return await SendAsync(request, pipeline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            call.LeaseTakenByPipeline = false;
            if (call.HandlerSeen)
            {
                _handlerPresent = true;
            }
        }
    }

    /// <summary>
    /// The innermost <see cref="DatagridRateLimitHandler"/>: takes the permit for this HTTP request unless the
    /// pipeline already took it for the attempt (it did not know the handler was there).
    /// </summary>
    public Task<HttpResponseMessage> SendFromHandlerAsync<TState>(
        DatagridCall call,
        HttpRequestMessage request,
        TState state,
        Func<TState, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        call.HandlerSeen = true;
        return call.LeaseTakenByPipeline ? send(state, request, cancellationToken) : SendAsync(request, state, send, cancellationToken);
    }

    /// <summary>Acquire, send, observe, release: the whole life of one permit.</summary>
    private async Task<HttpResponseMessage> SendAsync<TState>(
        HttpRequestMessage request,
        TState state,
        Func<TState, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var call = DatagridCall.Of(request);
        var lease = await AcquireAsync(request, call, cancellationToken).ConfigureAwait(false);
        try
        {
            call?.StartAttemptClock();
            var response = await send(state, request, cancellationToken).ConfigureAwait(false);
            Observe(lease, response, call);
            return response;
        }
        finally
        {
            // The slot's window starts when the response is in (see SlidingWindowLogLimiter).
            lease.Dispose();
        }
    }

    /// <summary>
    /// The same for the pipeline's own rate-limit step: no Task and no delegate per call (the state machine is
    /// pooled), since this is every call of a client on its own transport.
    /// </summary>
#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        var lease = await AcquireAsync(request, call, cancellationToken).ConfigureAwait(false);
        try
        {
            call?.StartAttemptClock();
            var response = await pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Observe(lease, response, call);
            return response;
        }
        finally
        {
            lease.Dispose();
        }
    }

    public void Dispose()
    {
        if (_ownsLimiter)
        {
            _limiter.Dispose();
        }
    }

    private void Observe(RateLimitLease lease, HttpResponseMessage response, DatagridCall? call)
    {
        var info = RateLimitHeaders.Parse(response, _settings.TimeProvider);
        if (call is not null)
        {
            call.RateLimit = info;
            call.RateLimitRead = true;
        }

        if (lease is not DatagridRateLimitLease observed)
        {
            return;
        }

        // A 429 means the window is full: block the partition for the server's wait (when the client will sit it out
        // at all), so concurrent calls wait instead of bouncing off it too.
        var status = (int)response.StatusCode;
        TimeSpan? block = status == 429 && info?.RetryAfter is { } wait && wait <= _settings.MaxRetryAfter ? wait : null;
        observed.Observe(status, info, block);
    }

    private ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage request, DatagridCall? call, CancellationToken cancellationToken)
    {
        // The common case, a permit at once, without entering the (large) waiting state machine.
        var lease = _limiter.AttemptAcquire(request);
        return lease.IsAcquired ? new ValueTask<RateLimitLease>(lease) : WaitAsync(request, call, lease, cancellationToken);
    }

    private async ValueTask<RateLimitLease> WaitAsync(HttpRequestMessage request, DatagridCall? call, RateLimitLease lease, CancellationToken cancellationToken)
    {
        // A wait for a permit is not part of the attempt's timeout.
        call?.PauseAttemptClock();
        var path = call?.Path ?? request.RequestUri?.AbsolutePath ?? string.Empty;

        var reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var phrase) && phrase is not null ? phrase : "no permit available";

        // A limiter that only answers asynchronously (Redis) refused nothing yet: count and log only if it then waits.
        var deferred = lease.TryGetMetadata(DatagridRateLimitMetadata.AnswersAsynchronously, out var answersLater) && answersLater;
        lease.Dispose();
        if (!deferred)
        {
            DatagridTelemetry.ThrottleWaits.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
            DatagridLog.ThrottleWaitStarted(_logger, request.Method.Method, path, reason);
        }

        var started = _settings.TimeProvider.GetTimestamp();
        var delayed = false;
        while (true)
        {
            lease = await _limiter.AcquireAsync(request, 1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                break;
            }

            // A user-supplied limiter may refuse outright (a full queue); honour its hint, else fail the call.
            var hint = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : (TimeSpan?)null;
            lease.Dispose();
            if (hint is not { } wait || wait > _settings.MaxRetryAfter)
            {
                throw new DatagridRateLimitException(
                    $"The client-side rate limiter refused {request.Method} {path} without sending it" +
                    (hint is { } h ? $" and asked to wait {h.TotalSeconds:0.###} s, longer than Retry.MaxRetryAfter." : ".") +
                    " Lower the concurrency or the limiter's queue bounds.",
                    new DatagridErrorResponse(429, new Dictionary<string, IEnumerable<string>>(), body: null, attempts: 0, new RateLimitInfo(null, null, null, hint)));
            }

            delayed = true;
            await Task.Delay(wait, _settings.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (deferred)
        {
            if (!delayed && !(lease.TryGetMetadata(DatagridRateLimitMetadata.Waited, out var queued) && queued))
            {
                return lease; // granted at once: a round trip, not a wait
            }

            DatagridTelemetry.ThrottleWaits.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
        }

        var waited = _settings.TimeProvider.GetElapsedTime(started);
        DatagridTelemetry.ThrottleWaitDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
        DatagridLog.ThrottleWaited(_logger, request.Method.Method, path, (long)waited.TotalMilliseconds, reason);
        return lease;
    }
}
