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
/// sends (a limit far above what the benchmark reaches, so nobody waits): the cheapest possible server, so the
/// client's own cost shows.
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

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapDelete("/v1/user-memories/{id}", static (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit"] = "100000";
            headers["X-RateLimit-Remaining"] = "99999";
            headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
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
