using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests;

/// <summary>
/// The attempt timeout against a real socket that stops sending: the client's own transport (SocketsHttpHandler on
/// .NET, HttpClientHandler on .NET Framework and Mono) must give up the read when the timeout's token fires, however
/// far the response got. <see cref="BodyTimeoutTests"/> covers the body phase exactly, through a handler.
/// </summary>
public class RealTransportTimeoutTests
{
    [TestCase("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"error\":")]
    [TestCase("HTTP/1.1 204 No Con")]
    public async Task AResponseThatStallsOnTheWireEndsAsATimeout(string partialResponse)
    {
        using var server = new RawLoopbackServer(partialResponse, holdOpen: true);
        var time = new FakeTimeProvider();
        using var client = new MemoryClient(new DatagridClientOptions
        {
            ApiKey = TestClients.ApiKey,
            BaseUrl = server.BaseUrl,
            UseEnvironment = false,
            TimeProvider = time,
            Timeout = TimeSpan.FromSeconds(5),
            Retry = { MaxRetries = 0 },
            RateLimiting = { Enabled = false },
        });

        var call = client.DeleteUserMemoryAsync("m1");
        await Eventually.That(() => server.Responded == 1, "the server to send all it will send");
        Assert.That(call.IsCompleted, Is.False, "the response is incomplete, so the call must still be waiting");
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Message, Does.Contain("5 s"));
    }
}
