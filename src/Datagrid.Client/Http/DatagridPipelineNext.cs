namespace Datagrid;

/// <summary>The rest of the pipeline after a <see cref="DatagridPipelinePolicy"/>: a position in one shared array, so passing it on allocates nothing.</summary>
#pragma warning disable CA1815 // Never compared: a cursor handed from one policy to the next.
public readonly struct DatagridPipelineNext
#pragma warning restore CA1815
{
    private readonly DatagridPipelinePolicy[] _policies;
    private readonly int _index;

    internal DatagridPipelineNext(DatagridPipelinePolicy[] policies, int index)
    {
        _policies = policies;
        _index = index;
    }

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

        return _policies[_index].SendAsync(request, new DatagridPipelineNext(_policies, _index + 1), cancellationToken);
    }
}
