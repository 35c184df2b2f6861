using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.LocalServer.Tests;

/// <summary>A started server plus an HttpClient aimed at it; one per test.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(LocalDatagridServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
    }

    public LocalDatagridServer Server { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<ServerHarness> StartAsync(Action<LocalServerOptions>? configure = null)
    {
        // A fixed, non-round start so second boundaries in the headers are exercised.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 250, TimeSpan.Zero));
        var options = new LocalServerOptions { TimeProvider = time, SeedCount = 5 };
        configure?.Invoke(options);
        return new ServerHarness(await LocalDatagridServer.StartAsync(options), time);
    }

    public Task<HttpResponseMessage> DeleteAsync(string id, string? token = LocalServerOptions.DefaultApiKey, string? teamspace = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "user-memories/" + Uri.EscapeDataString(id));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (teamspace is not null)
        {
            request.Headers.Add(LocalDatagridServer.TeamspaceHeader, teamspace);
        }

        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
