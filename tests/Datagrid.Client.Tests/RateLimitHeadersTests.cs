using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests;

/// <summary>The per-response read of the rate-limit headers (one pass over the response's own headers).</summary>
public class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void NamesMatchInAnyCase_AndValuesAreTrimmed()
    {
        using var response = Response(
            ("x-ratelimit-limit", " 100 "),
            ("X-RATELIMIT-REMAINING", "7"),
            ("x-RateLimit-reset", "1772366460"),
            ("Server", "kestrel"));

        var info = RateLimitHeaders.Parse(response, new FakeTimeProvider(Now));

        Assert.That(info, Is.EqualTo(new RateLimitInfo(100, 7, DateTimeOffset.FromUnixTimeSeconds(1772366460), null)));
    }

    [Test]
    public void AnHttpDateRetryAfterIsMeasuredFromTheClientsClock()
    {
        using var response = Response(("Retry-After", (Now + TimeSpan.FromSeconds(12)).ToString("r", System.Globalization.CultureInfo.InvariantCulture)));

        var info = RateLimitHeaders.Parse(response, new FakeTimeProvider(Now));

        Assert.That(info?.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void RetryAfterMsWinsOverRetryAfter()
    {
        using var response = Response(("Retry-After", "30"), ("retry-after-ms", "1500"));

        Assert.That(RateLimitHeaders.Parse(response, new FakeTimeProvider(Now))?.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
    }

    [Test]
    public void NoRateLimitHeadersIsNull_AndSoAreOnlyUnusableValues()
    {
        using var none = Response(("X-RateLimit-Limited", "5"), ("Server", "kestrel"));
        using var garbage = Response(("X-RateLimit-Limit", "lots"), ("X-RateLimit-Remaining", "-1"));

        Assert.Multiple(() =>
        {
            Assert.That(RateLimitHeaders.Parse(none, new FakeTimeProvider(Now)), Is.Null, "a look-alike name of another length");
            Assert.That(RateLimitHeaders.Parse(garbage, new FakeTimeProvider(Now)), Is.Null);
        });
    }

    private static HttpResponseMessage Response(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.NoContent);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
