using System.Net;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests.Pipeline;

/// <summary>Where the limiter counts: per HTTP request when its handler is innermost, per attempt otherwise.</summary>
public class RateLimitStepTests
{
    [Test]
    public async Task WithoutTheHandler_APlainInjectedHttpClientIsCountedPerAttempt()
    {
        var limiter = new CountingLimiter();
        using var server = new MockHttpMessageHandler();
        server.When("*").Respond(HttpStatusCode.NoContent);
        var twice = new SendTwiceHandler { InnerHandler = server };
        using var client = new MemoryClient(new HttpClient(twice), Options(limiter));

        await client.DeleteUserMemoryAsync("m1");

        Assert.That(twice.Sent, Is.EqualTo(2));
        Assert.That(limiter.Acquired, Is.EqualTo(1), "documented: without DatagridRateLimitHandler the limiter sees attempts only");
    }

    [Test]
    public async Task WithTheHandlerInnermost_EveryHttpRequestTakesAPermit_OnceTheHandlerIsSeen()
    {
        var limiter = new CountingLimiter();
        using var server = new MockHttpMessageHandler();
        server.When("*").Respond(HttpStatusCode.NoContent);
        var twice = new SendTwiceHandler { InnerHandler = new DatagridRateLimitHandler(server) };
        using var client = new MemoryClient(new HttpClient(twice), Options(limiter));

        await client.DeleteUserMemoryAsync("m1");
        var afterFirst = limiter.Acquired;
        await client.DeleteUserMemoryAsync("m2");

        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Is.EqualTo(1), "the first call learns that the handler is there");
            Assert.That(limiter.Acquired - afterFirst, Is.EqualTo(2), "then each of the two HTTP requests takes its own permit");
            Assert.That(twice.Sent, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task TheHandlerLetsRequestsThatAreNotFromADatagridClientThrough()
    {
        using var server = new MockHttpMessageHandler();
        server.When("*").Respond(HttpStatusCode.OK);
        using var http = new HttpClient(new DatagridRateLimitHandler(server));

        using var response = await http.GetAsync(new Uri("https://example.test/"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static DatagridClientOptions Options(CountingLimiter limiter) => TestClients.Options(o =>
    {
        o.RateLimiting.Limiter = limiter;
        o.Retry.MaxRetries = 0;
    });

    /// <summary>Sends every request twice, as a resilience handler retrying a failure would.</summary>
    private sealed class SendTwiceHandler : DelegatingHandler
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            (await base.SendAsync(request, cancellationToken)).Dispose();
            Interlocked.Increment(ref _sent);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
