using System.Net;
using Datagrid.LocalServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 that answers every delete with 204 and the rate-limit headers Datagrid
/// sends, from the local server's sliding window of one second (a limit far above what the benchmark reaches, so
/// nobody waits, but a <c>Remaining</c> that moves as a real server's does, so the limiter does its real per-response
/// work): a cheap server, so the client's own cost shows.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Ends in /v1, as the client's base URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Requests per one-second window: far above what two cores can send.</summary>
    public const int Limit = 100_000;

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        // The local server's sliding-window log, one window per teamspace as Datagrid keeps them: each caller of the
        // benchmark has its own, so the traffic of the caller measured a moment earlier does not show up as someone
        // else's in the limiter's. Exact, so Remaining never reports traffic the client did not send (an approximate
        // count did, now and then, and sent the limiter down its slower "someone else is sending" path).
        var window = new SlidingWindowLog(Limit, TimeSpan.FromSeconds(1));
        app.MapDelete("/v1/user-memories/{id}", (HttpContext context) =>
        {
            var scope = new RateLimitScope(string.Empty, context.Request.Headers["Datagrid-Teamspace"].ToString(), "/user-memories/{user_memory_id}", "DELETE");
            var headers = context.Response.Headers;
            foreach (var (name, value) in window.TryAcquire(scope, DateTimeOffset.UtcNow).Headers())
            {
                headers[name] = value;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/v1"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
