namespace Datagrid;

/// <summary>The rest of the pipeline after a <see cref="DatagridPipelinePolicy"/>: a position in one shared array, so passing it on allocates nothing.</summary>
#pragma warning disable CA1815 // Never compared: a cursor handed from one policy to the next.
public readonly struct DatagridPipelineNext
#pragma warning restore CA1815
{
    private readonly DatagridPipelinePolicy[] _policies;
    private readonly int _index;
    private readonly Http.DatagridCall? _call;

    internal DatagridPipelineNext(DatagridPipelinePolicy[] policies, int index, Http.DatagridCall? call = null)
    {
        _policies = policies;
        _index = index;
        _call = call;
    }

    /// <summary>The call being sent: carried along, so the client's own steps need no lookup in the request's options.</summary>
    internal Http.DatagridCall Call(HttpRequestMessage request) =>
        _call ?? Http.DatagridCall.Of(request) ?? throw new InvalidOperationException("The request was not sent through the client's pipeline.");

    /// <summary>Sends <paramref name="request"/> through the remaining policies and the transport.</summary>
    /// <param name="request">The request to send.</param>
    /// <param name="cancellationToken">Cancels the rest of the pipeline.</param>
    /// <returns>The response.</returns>
    public ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_policies is null || _index >= _policies.Length)
        {
            throw new InvalidOperationException("The pipeline has no step after this one; DatagridPipelineNext must come from the client's pipeline.");
        }

        return _policies[_index].SendAsync(request, new DatagridPipelineNext(_policies, _index + 1, _call), cancellationToken);
    }
}
