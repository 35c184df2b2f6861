using System.Runtime.CompilerServices;
namespace Datagrid.Http.Policies;

/// <summary>
/// Hands the request to the client-side limiter. When the HttpClient has a <see cref="DatagridRateLimitHandler"/>
/// innermost (the DI-registered one, or one a user added), the handler takes one permit per HTTP request and this
/// step only tells it which limiter to use. Otherwise (the client's own transport, where an attempt is one request,
/// or a plain injected one) this step takes one permit per attempt itself, through the same
/// <see cref="RateLimitGate"/>; as soon as a call shows that a handler is present, later calls leave it to the handler.
/// </summary>
internal sealed class RateLimitStep : DatagridPipelinePolicy
{
    private readonly RateLimitGate _gate;
    private readonly bool _ownTransport;
    private volatile bool _handlerPresent;

    /// <param name="gate">The limiter.</param>
    /// <param name="handlerPresent">The HttpClient is known to end in a <see cref="DatagridRateLimitHandler"/>.</param>
    /// <param name="ownTransport">The client's own transport: no handler can sit under the pipeline.</param>
    public RateLimitStep(RateLimitGate gate, bool handlerPresent, bool ownTransport = false)
    {
        _gate = gate;
        _handlerPresent = handlerPresent && !ownTransport;
        _ownTransport = ownTransport;
    }

    /// <summary>True while the limiter is applied by the innermost handler (read by the attempt timeout step).</summary>
    public bool HandlerPresent => _handlerPresent;

    public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        // The client's own transport has no handler to hand over to or to detect: straight to the gate, without a
        // state machine of this step's own around it (one async layer less on every call).
        return _ownTransport ? _gate.SendAsync(request, pipeline, cancellationToken) : SendWatchingForHandlerAsync(request, pipeline, cancellationToken);
    }

    // Pooled: the state machine of every call would otherwise be a fresh allocation (see README, per-call cost).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponseMessage> SendWatchingForHandlerAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        call.Gate = _gate;
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
            return await _gate.SendAsync(request, pipeline, cancellationToken).ConfigureAwait(false);
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
}
