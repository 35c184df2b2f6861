using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Datagrid.Cli.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 that answers every request with whatever the test tells it to.</summary>
internal sealed class MisbehavingServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;

    private MisbehavingServer(WebApplication app) => this.app = app;

    public Uri Root { get; private set; } = null!;

    /// <summary>The base URL a client would be given: the root plus /v1.</summary>
    public Uri BaseUrl => new(Root, "v1");

    public int Requests => Volatile.Read(ref requests);

    public List<IHeaderDictionary> RequestHeaders { get; } = [];

    public static async Task<MisbehavingServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new MisbehavingServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server.requests);
            lock (server.RequestHeaders)
            {
                server.RequestHeaders.Add(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            }

            return handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync();
    }
}
