using Datagrid.Http;

namespace Datagrid.Client.Tests.Pipeline;

/// <summary>Runs one policy on its own, with a scripted "rest of the pipeline" behind it.</summary>
internal static class PolicyHarness
{
    public const string Url = "https://api.example.test/v1/user-memories/m1";

    public static HttpRequestMessage Request(string method = "DELETE")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Url);
        DatagridPipeline.CallKey.Set(request, new DatagridCall(method, "user-memories/{user_memory_id}", HttpCompletionOption.ResponseHeadersRead));
        return request;
    }

    public static DatagridCall Call(HttpRequestMessage request) => DatagridCall.Of(request)!;

    public static ClientSettings Settings(Action<DatagridClientOptions>? configure = null) =>
        ClientSettings.Resolve(TestClients.Options(configure));

    public static ValueTask<HttpResponseMessage> Run(
        DatagridPipelinePolicy policy,
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> rest,
        CancellationToken cancellationToken = default) =>
        policy.SendAsync(request, new DatagridPipelineNext([policy, new Terminal(rest)], 1), cancellationToken);

    private sealed class Terminal(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> rest) : DatagridPipelinePolicy
    {
        public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken) =>
            await rest(request, cancellationToken);
    }
}
