using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Datagrid.Client.PackageTests;

/// <summary>A minimal Datagrid stand-in on 127.0.0.1 (free port): DELETE /v1/user-memories/{id} answers 204.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>"DELETE {id} {Authorization header}" per request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackServer? server = null;
        app.MapDelete("/v1/user-memories/{id}", (string id, HttpRequest request) =>
        {
            server!.Requests.Enqueue($"DELETE {id} {request.Headers.Authorization}");
            return Results.NoContent();
        });
        await app.StartAsync();
        server = new LoopbackServer(app, new Uri(app.Urls.Single() + "/v1"));
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
