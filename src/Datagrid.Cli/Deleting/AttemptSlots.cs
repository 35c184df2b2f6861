namespace Datagrid.Cli.Deleting;

/// <summary>
/// <c>--concurrency</c>: how many requests are on the wire at once, across all teamspaces. A per-attempt policy, so a
/// slot is taken only after the limiter has let the attempt go: a call waiting for its teamspace's window (or for a
/// retry's backoff) holds no slot another teamspace could use.
/// </summary>
internal sealed class AttemptSlots(int slots) : DatagridPipelinePolicy, IDisposable
{
    private readonly SemaphoreSlim available = new(slots, slots);

    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        await available.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            available.Release();
        }
    }

    public void Dispose() => available.Dispose();
}
