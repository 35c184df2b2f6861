using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>What a caller can read about the rate limit after a call, on an exception, and per call under concurrency.</summary>
public class RateLimitStateTests
{
    private TestClock _clock = null!;
    private MockHttpMessageHandler _handler = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new TestClock();
        _handler = new MockHttpMessageHandler();
    }

    [TearDown]
    public void TearDown() => _handler.Dispose();

    [Test]
    public async Task LastRateLimitHoldsTheHeadersOfTheLatestResponse()
    {
        var reset = _clock.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds();
        _handler.When("*").Respond(_ =>
        {
            var response = Responses.NoContent(limit: 200, remaining: 199);
            response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        });
        using var client = TestClients.Create(_handler, _clock);
        Assert.That(client.LastRateLimit, Is.Null);

        await client.DeleteUserMemoryAsync("mem_1");

        Assert.That(client.LastRateLimit, Is.EqualTo(new RateLimitInfo(200, 199, DateTimeOffset.FromUnixTimeSeconds(reset), null)));
    }

    [Test]
    public void EveryApiExceptionCarriesTheRateLimitOfItsResponse()
    {
        _handler.When("*").Respond(_ => Responses.Status(404, null, ("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "17")));
        using var client = TestClients.Create(_handler, _clock);

        var ex = Assert.ThrowsAsync<DatagridNotFoundException>(() => client.DeleteUserMemoryAsync("mem_1"));

        Assert.That(ex!.RateLimit!.Remaining, Is.EqualTo(17));
        Assert.That(client.LastRateLimit!.Remaining, Is.EqualTo(17));
    }

    [Test]
    public async Task ACaptureScopeSeesOnlyItsOwnCallsWhenManyRunAtOnce()
    {
        _handler.When("*/mem_*").Respond(request =>
        {
            var n = int.Parse(request.RequestUri!.Segments[^1]["mem_".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return Responses.NoContent(limit: 200, remaining: n);
        });
        using var client = TestClients.Create(_handler, _clock);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var capture = RateLimitCapture.Begin();
            await client.DeleteUserMemoryAsync($"mem_{i}");
            return (Id: i, capture.RateLimit!.Remaining, capture.Responses);
        }));

        Assert.That(results.Select(r => r.Remaining), Is.EqualTo(Enumerable.Range(0, 40).Cast<int?>()));
        Assert.That(results.Select(r => r.Responses), Is.All.EqualTo(1));
    }

    [Test]
    public async Task ACaptureScopeCountsRetriesAndKeepsTheLastResponse()
    {
        var script = new ResponseScript()
            .Then(() => Responses.TooMany(("Retry-After", "1"), ("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "0")))
            .Then(() => Responses.NoContent(limit: 200, remaining: 4));
        _handler.When("*").Respond(script.Next);
        using var client = TestClients.Create(_handler, _clock);

        using var capture = RateLimitCapture.Begin();
        var call = client.DeleteUserMemoryAsync("mem_1");
        _clock.Advance(await _clock.NextDelayAsync());
        await call;

        Assert.That(capture.Responses, Is.EqualTo(2));
        Assert.That(capture.RateLimit!.Remaining, Is.EqualTo(4));
    }

    [Test]
    public async Task ADisposedCaptureStopsRecordingAndNestedScopesReachTheOuterOne()
    {
        _handler.When("*").Respond(_ => Responses.NoContent(limit: 200, remaining: 9));
        using var client = TestClients.Create(_handler, _clock);

        using var outer = RateLimitCapture.Begin();
        using (var inner = RateLimitCapture.Begin())
        {
            await client.DeleteUserMemoryAsync("mem_1");
            Assert.That(inner.Responses, Is.EqualTo(1));
        }

        await client.DeleteUserMemoryAsync("mem_2");
        Assert.That(outer.Responses, Is.EqualTo(2));
    }
}
