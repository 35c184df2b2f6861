namespace Datagrid.Http.Policies;

/// <summary>Innermost: the HttpClient (and its handlers, the rate-limit handler last of them) sends the request.</summary>
internal sealed class TransportStep : DatagridPipelinePolicy
{
    private readonly HttpClient _httpClient;

    public TransportStep(HttpClient httpClient) => _httpClient = httpClient;

    public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken) =>
        new(_httpClient.SendAsync(request, DatagridCall.Of(request)?.CompletionOption ?? HttpCompletionOption.ResponseHeadersRead, cancellationToken));
}
