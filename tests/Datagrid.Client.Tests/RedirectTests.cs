using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Client.Tests;

/// <summary>
/// The client's own transport against a real server that redirects: the redirect is refused with a typed error and not
/// followed, so the DELETE with its key never reaches the other host (SocketsHttpHandler on .NET, HttpClientHandler on
/// .NET Framework and Mono).
/// </summary>
public class RedirectTests
{
    [TestCase(301)]
    [TestCase(302)]
    [TestCase(307)]
    [TestCase(308)]
    public void ARedirectIsRefusedWithATypedErrorAndNotFollowed(int status)
    {
        using var elsewhere = new RawLoopbackServer("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        using var redirecting = new RawLoopbackServer(
            $"HTTP/1.1 {status} Moved\r\nLocation: {elsewhere.BaseUrl}/user-memories/m1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new MemoryClient(new DatagridClientOptions
        {
            ApiKey = TestClients.ApiKey,
            BaseUrl = redirecting.BaseUrl,
            UseEnvironment = false,
            Retry = { MaxRetries = 0 },
        });

        var e = Assert.ThrowsAsync<DatagridRedirectException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(status));
            Assert.That(e.Location?.Authority, Is.EqualTo(elsewhere.BaseUrl.Authority));
            Assert.That(redirecting.Requests, Is.EqualTo(1));
            Assert.That(elsewhere.Requests, Is.Zero, "the DELETE and its key never reached the other server");
            Assert.That(e.ToString(), Does.Not.Contain(TestClients.ApiKey));
        });
    }

    [Test]
    public void ARedirectIsRefusedThroughAddDatagridClientToo()
    {
        // AddDatagridClient's primary handler is its own (SocketsHttpHandler on .NET, HttpClientHandler on .NET
        // Framework and Mono): it must not follow redirects either.
        using var elsewhere = new RawLoopbackServer("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        using var redirecting = new RawLoopbackServer(
            $"HTTP/1.1 302 Found\r\nLocation: {elsewhere.BaseUrl}/user-memories/m1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var services = new ServiceCollection();
        services.AddDatagridClient(o =>
        {
            o.ApiKey = TestClients.ApiKey;
            o.BaseUrl = redirecting.BaseUrl;
            o.UseEnvironment = false;
            o.Retry.MaxRetries = 0;
        });
        using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAsync<DatagridRedirectException>(() => provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(302));
            Assert.That(redirecting.Requests, Is.EqualTo(1));
            Assert.That(elsewhere.Requests, Is.Zero, "the DELETE and its key never reached the other server");
        });
    }
}
