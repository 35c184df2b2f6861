namespace Datagrid.Http.Policies;

/// <summary>
/// Innermost: the transport sends the request. An <see cref="HttpClient"/> (injected or from DI, with its handlers and
/// the rate-limit handler last of them) is used as such, so its Timeout, BaseAddress and default headers apply. The
/// client's own transport is a bare <see cref="HttpMessageInvoker"/> over its socket handler: HttpClient would add
/// nothing there but a per-request cancellation source linked to its own pending-requests source (shared by every
/// call, so both cores register on it) on top of the pipeline's attempt timeout.
/// </summary>
internal sealed class TransportStep : DatagridPipelinePolicy
{
    private readonly HttpMessageInvoker _transport;

    public TransportStep(HttpMessageInvoker transport) => _transport = transport;

    public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var completion = pipeline.Call(request).CompletionOption;
        if (_transport is HttpClient client)
        {
            return new(client.SendAsync(request, completion, cancellationToken));
        }

        return completion == HttpCompletionOption.ResponseHeadersRead
            ? new(_transport.SendAsync(request, cancellationToken))
            : SendBufferedAsync(request, cancellationToken);
    }

    /// <summary>What HttpClient does for <see cref="HttpCompletionOption.ResponseContentRead"/>: the body is read before the response is handed on.</summary>
    private async ValueTask<HttpResponseMessage> SendBufferedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
