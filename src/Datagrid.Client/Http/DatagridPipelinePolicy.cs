namespace Datagrid;

/// <summary>
/// One step of the client's request pipeline, as Azure.Core's <c>HttpPipelinePolicy</c>: it gets the request, may
/// change it, passes it on with <see cref="DatagridPipelineNext.SendAsync"/> (or answers by itself) and may inspect
/// the response. Add your own with <see cref="DatagridClientOptions.AddPolicy"/>; one instance serves every call of
/// the client, concurrently, so keep per-call state in locals or in <c>HttpRequestMessage.Options</c> (<c>Properties</c> on .NET Framework).
/// </summary>
public abstract class DatagridPipelinePolicy
{
    /// <summary>Processes one request.</summary>
    /// <param name="request">The request (at <see cref="DatagridPipelinePosition.PerAttempt"/>, this attempt's copy).</param>
    /// <param name="pipeline">The rest of the pipeline.</param>
    /// <param name="cancellationToken">Cancels the call (and, per attempt, the attempt's timeout).</param>
    /// <returns>The response the rest of the pipeline produced, or one of this policy's own.</returns>
    public abstract ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken);
}
