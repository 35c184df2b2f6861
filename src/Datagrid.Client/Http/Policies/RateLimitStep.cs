namespace Datagrid.Http.Policies;

/// <summary>
/// The rate limiter's place in the pipeline (between retry and the attempt): hands each attempt to
/// <see cref="RateLimitGate"/>, which owns who takes the permit and when.
/// </summary>
internal sealed class RateLimitStep : DatagridPipelinePolicy
{
    private readonly RateLimitGate _gate;
    private readonly bool _ownTransport;

    /// <param name="gate">The permits' owner.</param>
    /// <param name="ownTransport">The client's own transport: no handler can sit under the pipeline.</param>
    public RateLimitStep(RateLimitGate gate, bool ownTransport = false)
    {
        _gate = gate;
        _ownTransport = ownTransport;
    }

    public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        // The client's own transport has no handler to hand over to or to detect: straight to the gate, without a
        // state machine of this step's own around it (one async layer less on every call).
        return _ownTransport ? _gate.SendAsync(request, pipeline, cancellationToken) : _gate.SendFromPipelineAsync(request, pipeline, cancellationToken);
    }
}
