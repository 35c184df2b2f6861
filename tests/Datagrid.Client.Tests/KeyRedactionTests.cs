using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// A server that echoes the key anywhere (a long non-JSON body, the 429 fields, a header, the very end of a body cut
/// at the read cap) gets none of it into anything the client produces: no field, message or ToString().
/// </summary>
public class KeyRedactionTests
{
    // Long enough that a prefix of it would be recognisable.
    private const string Key = "dg_live_abcdefghijklmnopqrstuvwxyz0123456789";

    private static MemoryClient ClientFor(MockHttpMessageHandler handler) =>
        new(handler.ToHttpClient(), new DatagridClientOptions { ApiKey = Key, BaseUrl = TestClients.BaseUrl, UseEnvironment = false, Retry = { MaxRetries = 0 } });

    private static IEnumerable<string> EverythingProduced(DatagridApiException e)
    {
        yield return e.Message;
        yield return e.ToString();
        yield return e.ResponseBody ?? string.Empty;
        yield return e.Response.Body ?? string.Empty;
        foreach (var (name, values) in e.Headers)
        {
            yield return name + ": " + string.Join(",", values);
        }

        if (e is DatagridRateLimitException rate)
        {
            yield return rate.ServerMessage ?? string.Empty;
            yield return rate.Mitigation ?? string.Empty;
            yield return rate.Reason ?? string.Empty;
            yield return rate.Body?.Message ?? string.Empty;
            yield return rate.Body?.Mitigation ?? string.Empty;
            yield return rate.Body?.Details?.Reason ?? string.Empty;
        }
    }

    private static void AssertNoKey(DatagridApiException e)
    {
        // Not even a recognisable piece: 8 characters of the key anywhere is a leak.
        var pieces = Enumerable.Range(0, Key.Length - 8).Select(i => Key.Substring(i, 8)).ToList();
        foreach (var text in EverythingProduced(e))
        {
            foreach (var piece in pieces)
            {
                Assert.That(text, Does.Not.Contain(piece), $"leaked in: {text[..Math.Min(text.Length, 200)]}");
            }
        }
    }

    [Test]
    public void ANonJsonBodyEchoingTheKeyNearTheMessageCutIsRedactedBeforeItIsCut()
    {
        // The key straddles character 300, where the message stops quoting the body.
        var body = new string('x', 290) + " token=" + Key + " " + new string('y', 200);
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(HttpStatusCode.BadGateway, "text/plain", body);
        using var client = ClientFor(handler);

        var e = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        AssertNoKey(e!);
        Assert.That(e!.ResponseBody, Does.Contain("[redacted]"));
    }

    [Test]
    public void EveryFieldOfA429IsRedacted()
    {
        var body = $$$"""{"status_code":429,"error":"rate_limit_exceeded","message":"key {{{Key}}} is over","mitigation":"slow {{{Key}}} down","retryable":false,"details":{"reason":"{{{Key}}} used up"}}""";
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            response.Headers.TryAddWithoutValidation("X-Echo-Authorization", "Bearer " + Key);
            return response;
        });
        using var client = ClientFor(handler);

        var e = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("m1"));

        AssertNoKey(e!);
        Assert.Multiple(() =>
        {
            Assert.That(e!.ServerMessage, Is.EqualTo("key [redacted] is over"));
            Assert.That(e.Mitigation, Is.EqualTo("slow [redacted] down"));
            Assert.That(e.Reason, Is.EqualTo("[redacted] used up"));
            Assert.That(e.Headers["X-Echo-Authorization"].Single(), Is.EqualTo("Bearer [redacted]"));
        });
    }

    [Test]
    public void AKeyCutInHalfByTheBodyReadCapIsRedactedToo()
    {
        // The body reader keeps 64 Ki characters; the key starts 10 characters before that.
        var body = new string('z', (64 * 1024) - 10) + Key + new string('z', 100);
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(HttpStatusCode.InternalServerError, "text/plain", body);
        using var client = ClientFor(handler);

        var e = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        AssertNoKey(e!);
        Assert.That(e!.ResponseBody, Does.EndWith("[redacted]"));
    }

    [Test]
    public void ControlCharactersInAServerMessageAreEscaped()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(HttpStatusCode.BadRequest, "application/json", "{\"message\":\"bad\\u001b[31m id\\u0007\"}");
        using var client = ClientFor(handler);

        var e = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            // Ordinal checks: a culture-aware Contains ignores control characters.
            Assert.That(e!.Message, Does.Contain("bad\\u001b[31m id\\u0007"));
            Assert.That(e.Message.Any(char.IsControl), Is.False);
        });
    }

    [TestCase("23:59")]
    [TestCase("2026-11-28")]
    [TestCase("tomorrow")]
    public void ARetryAfterThatIsNeitherSecondsNorAnRfc1123DateIsUnparsable(string value) =>
        Assert.That(RateLimitHeaders.ParseRetryAfter(null, value, DateTimeOffset.UnixEpoch), Is.Null);

    [Test]
    public void AnRfc1123RetryAfterDateIsStillRead() =>
        Assert.That(
            RateLimitHeaders.ParseRetryAfter(null, "Thu, 01 Jan 1970 00:00:30 GMT", DateTimeOffset.UnixEpoch),
            Is.EqualTo(TimeSpan.FromSeconds(30)));
}
