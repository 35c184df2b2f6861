using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
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
/// sends, logging the requests of the last second as Datagrid logs its window (a limit far above what the
/// benchmark reaches, so nobody waits, but a <c>Remaining</c> that moves as a real server's does, so the limiter does
/// its real per-response work): a cheap server, so the client's own cost shows.
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

    private static readonly string LimitText = Limit.ToString(CultureInfo.InvariantCulture);

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        // One window per teamspace, as Datagrid keeps them: each caller of the benchmark has its own, so the traffic
        // of the caller measured a moment earlier does not show up as someone else's in the limiter's.
        var windows = new ConcurrentDictionary<string, WindowCount>(StringComparer.Ordinal);
        app.MapDelete("/v1/user-memories/{id}", (HttpContext context) =>
        {
            var teamspace = context.Request.Headers["Datagrid-Teamspace"].ToString();
            var (used, oldestLeaves) = windows.GetOrAdd(teamspace, static _ => new WindowCount()).Add();
            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit"] = LimitText;
            headers["X-RateLimit-Remaining"] = Math.Max(0, Limit - used).ToString(CultureInfo.InvariantCulture);

            // Whole seconds, rounded up, as Datagrid sends it.
            headers["X-RateLimit-Reset"] = (oldestLeaves.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
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
