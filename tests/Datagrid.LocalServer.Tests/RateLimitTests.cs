using System.Net;
using System.Text.Json;

namespace Datagrid.LocalServer.Tests;

public class RateLimitTests
{
    [Test]
    public async Task SendsRateLimitHeadersOnEveryResponse()
    {
        await using var h = await ServerHarness.StartAsync(o => o.Limit = 10);
        using var deleted = await h.DeleteAsync(LocalServerOptions.SeededId(1));
        using var missing = await h.DeleteAsync("nope");
        using var unauthorized = await h.DeleteAsync("nope", token: "bad");

        var now = h.Time.GetUtcNow();
        var expectedReset = (long)Math.Ceiling(now.AddSeconds(60).ToUnixTimeMilliseconds() / 1000.0);
        Assert.Multiple(() =>
        {
            foreach (var r in new[] { deleted, missing, unauthorized })
            {
                Assert.That(HeaderValues.GetLong(r, "X-RateLimit-Limit"), Is.EqualTo(10), r.StatusCode.ToString());
                Assert.That(HeaderValues.Get(r, "X-RateLimit-Reset"), Is.Not.Null, r.StatusCode.ToString());
                Assert.That(HeaderValues.Get(r, "Retry-After"), Is.Null, "Retry-After only when Remaining is 0");
            }

            Assert.That(HeaderValues.GetLong(deleted, "X-RateLimit-Remaining"), Is.EqualTo(9));
            Assert.That(HeaderValues.GetLong(missing, "X-RateLimit-Remaining"), Is.EqualTo(8));
            Assert.That(HeaderValues.GetLong(deleted, "X-RateLimit-Reset"), Is.EqualTo(expectedReset), "epoch seconds, rounded up");
            // A wrong key has a window of its own and is not counted in it.
            Assert.That(HeaderValues.GetLong(unauthorized, "X-RateLimit-Remaining"), Is.EqualTo(10));
        });
    }

    [Test]
    public async Task ThrottlesWith429BodyAndRetryAfterUntilTheOldestRequestLeaves()
    {
        await using var h = await ServerHarness.StartAsync(o =>
        {
            o.Limit = 2;
            o.Window = TimeSpan.FromSeconds(10);
        });
        using var first = await h.DeleteAsync(LocalServerOptions.SeededId(1));
        h.Time.Advance(TimeSpan.FromSeconds(3.5));
        using var second = await h.DeleteAsync(LocalServerOptions.SeededId(2));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        using var refused = await h.DeleteAsync(LocalServerOptions.SeededId(3));

        Assert.Multiple(async () =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(HeaderValues.GetLong(second, "X-RateLimit-Remaining"), Is.Zero);
            Assert.That(HeaderValues.GetLong(second, "Retry-After"), Is.EqualTo(7), "Retry-After whenever Remaining is 0, even on success: 6.5 s rounded up");

            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(HeaderValues.GetLong(refused, "Retry-After"), Is.EqualTo(6), "oldest leaves 5.5 s later, rounded up");
            Assert.That(HeaderValues.GetLong(refused, "X-RateLimit-Remaining"), Is.Zero);
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            var root = body.RootElement;
            Assert.That(root.GetProperty("status_code").GetInt32(), Is.EqualTo(429));
            Assert.That(root.GetProperty("error").GetString(), Is.EqualTo("rate_limit_exceeded"));
            Assert.That(root.GetProperty("retryable").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("mitigation").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("details").GetProperty("reason").GetString(), Does.Contain("2 requests"));

            Assert.That(h.Server.RemainingMemoryIds, Does.Contain(LocalServerOptions.SeededId(3)), "a 429 deletes nothing");
            Assert.That(h.Server.Counters.Throttled, Is.EqualTo(1));
            Assert.That(h.Server.Counters.Deletes, Is.EqualTo(2));
        });

        // Waiting the advertised Retry-After is always enough, because refused requests are not counted.
        h.Time.Advance(TimeSpan.FromSeconds(6));
        using var retried = await h.DeleteAsync(LocalServerOptions.SeededId(3));
        using var stillFull = await h.DeleteAsync(LocalServerOptions.SeededId(4));
        Assert.Multiple(() =>
        {
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(stillFull.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "sliding: the request from t=3.5 still counts");
        });
    }

    [Test]
    public async Task ScopesTheWindowByTeamspaceAndToken()
    {
        await using var h = await ServerHarness.StartAsync(o =>
        {
            o.Limit = 1;
            o.ApiKeys.Add("second-key");
        });
        using var a = await h.DeleteAsync("x", teamspace: "team-a");
        using var aAgain = await h.DeleteAsync("x", teamspace: "team-a");
        using var b = await h.DeleteAsync("x", teamspace: "team-b");
        using var otherKey = await h.DeleteAsync("x", token: "second-key", teamspace: "team-a");

        Assert.Multiple(() =>
        {
            Assert.That(a.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(aAgain.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(b.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherKey.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task AnUnauthenticatedFloodDoesNotUseUpTheWindow()
    {
        await using var h = await ServerHarness.StartAsync(o => o.Limit = 1);
        for (var i = 0; i < 5; i++)
        {
            using var bad = await h.DeleteAsync("x", token: null);
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var good = await h.DeleteAsync(LocalServerOptions.SeededId(1));
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }
}
