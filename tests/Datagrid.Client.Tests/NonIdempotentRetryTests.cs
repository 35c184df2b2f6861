#if !NET
using System.Net;
using System.Net.Sockets;
#endif
using System.Text;
using Datagrid.Http;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// The spec has only DELETE today; an operation it may gain (POST, PATCH) goes through the same pipeline, so these
/// drive the pipeline directly with such requests.
/// </summary>
public class NonIdempotentRetryTests : ScriptedHttpTests
{
    private DatagridPipeline _pipeline = null!;

    [SetUp]
    public void SetUp()
    {
        var options = TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.Timeout = TestClients.AttemptTimeout;
            o.RateLimiting.Enabled = false;
        });
        _pipeline = new DatagridPipeline(Handler.ToHttpClient(), ownsHttpClient: true, ClientSettings.Resolve(options));
    }

    [TearDown]
    public void TearDown() => _pipeline.Dispose();

    [TestCase("POST", 500)]
    [TestCase("POST", 503)]
    [TestCase("POST", 408)]
    [TestCase("POST", 409)]
    [TestCase("PATCH", 502)]
    public async Task NotRetriedWhenTheServerMayHaveActed(string method, int status)
    {
        Script.Then(() => Responses.Status(status));

        using var response = await _pipeline.SendAsync(Request(method), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(Script.Count, Is.EqualTo(1));
    }

    [TestCase("PUT", 503)]
    [TestCase("GET", 500)]
    [TestCase("DELETE", 409)]
    public async Task IdempotentMethodsAreRetried(string method, int status)
    {
        Script.Then(() => Responses.Status(status)).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request(method), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        Clock.Advance(await Clock.NextDelayAsync());
        using var response = await send;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task A429IsRetriedForPostBecauseTheServerRefusedBeforeProcessing()
    {
        Script.Then(() => Responses.TooMany(("Retry-After", "1"))).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        Clock.Advance(await Clock.NextDelayAsync());
        using var response = await send;

        Assert.That(Script.Count, Is.EqualTo(2));
        Assert.That(response.IsSuccessStatusCode);
    }

    [Test]
    public async Task XShouldRetryTrueRetriesAPost()
    {
        Script.Then(() => Responses.Status(500, null, ("x-should-retry", "true"))).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        Clock.Advance(await Clock.NextDelayAsync());
        using var response = await send;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [TestCaseSource(nameof(NeverSent))]
    public async Task APostIsRetriedWhenTheConnectionFailedBeforeTheRequestWasSent(HttpRequestException failure)
    {
        Script.ThenThrow(failure).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        Clock.Advance(await Clock.NextDelayAsync());
        using var response = await send;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [TestCaseSource(nameof(MaybeSent))]
    public void APostIsNotRetriedWhenTheConnectionBrokeAfterSending(HttpRequestException failure)
    {
        Script.ThenThrow(failure);

        var ex = Assert.ThrowsAsync<DatagridConnectionException>(() => _pipeline.SendAsync(Request("POST"), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).AsTask());

        Assert.That(ex!.Attempts, Is.EqualTo(1));
        Assert.That(Script.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task APostThatTimesOutIsNotRetried()
    {
        var sent = 0;
        using var hanging = new MockHttpMessageHandler();
        hanging.When("*").Respond(new HangingHandler(() => Interlocked.Increment(ref sent)));
        var options = TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.Timeout = TestClients.AttemptTimeout;
        });
        using var pipeline = new DatagridPipeline(hanging.ToHttpClient(), ownsHttpClient: true, ClientSettings.Resolve(options));

        var send = pipeline.SendAsync(Request("POST"), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).AsTask();
        await Eventually.That(() => Volatile.Read(ref sent) == 1);
        Clock.Advance(TestClients.AttemptTimeout);

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => send);
        Assert.That(ex!.Attempts, Is.EqualTo(1));
        Assert.That(sent, Is.EqualTo(1));
    }

    [Test]
    public async Task EveryAttemptSendsTheSameBodyAndContentHeaders()
    {
        var bodies = new List<string>();
        Script
            .Then(() => Responses.TooMany(("Retry-After", "1")))
            .Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), "things", null, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        Clock.Advance(await Clock.NextDelayAsync());
        using var response = await send;

        foreach (var (body, contentType) in Script.Bodies)
        {
            bodies.Add(body!);
            Assert.That(contentType, Is.EqualTo("application/json"));
        }

        Assert.That(Script.Requests.Select(r => DatagridPipeline.PathTemplateKey.TryGet(r, out var t) ? t : null), Is.All.EqualTo("things"));
        Assert.That(bodies, Is.EqualTo(new[] { """{"name":"x"}""", """{"name":"x"}""" }));
    }

    // How each runtime's handler says the connection was never made (safe to retry a POST), and that it broke after
    // the request may have gone: HttpRequestError on .NET; on .NET Framework and Mono, the WebException or
    // SocketException inside.
    private static IEnumerable<TestCaseData> NeverSent()
    {
#if NET
        yield return Case(new HttpRequestException(HttpRequestError.ConnectionError, "no connection"), "ConnectionError");
        yield return Case(new HttpRequestException(HttpRequestError.NameResolutionError, "no connection"), "NameResolutionError");
        yield return Case(new HttpRequestException(HttpRequestError.SecureConnectionError, "no connection"), "SecureConnectionError");
#else
        yield return Case(new HttpRequestException("no connection", new WebException("refused", WebExceptionStatus.ConnectFailure)), "ConnectFailure");
        yield return Case(new HttpRequestException("no connection", new WebException("no such host", WebExceptionStatus.NameResolutionFailure)), "NameResolutionFailure");
        yield return Case(new HttpRequestException("no connection", new WebException("no TLS", WebExceptionStatus.SecureChannelFailure)), "SecureChannelFailure");
        yield return Case(new HttpRequestException("no connection", new SocketException((int)SocketError.ConnectionRefused)), "ConnectionRefused");
#endif
    }

    private static IEnumerable<TestCaseData> MaybeSent()
    {
#if NET
        yield return Case(new HttpRequestException(HttpRequestError.ResponseEnded, "connection dropped"), "ResponseEnded");
        yield return Case(new HttpRequestException(HttpRequestError.Unknown, "connection dropped"), "Unknown");
#else
        yield return Case(new HttpRequestException("connection dropped", new WebException("dropped", WebExceptionStatus.ReceiveFailure)), "ReceiveFailure");
        yield return Case(new HttpRequestException("connection dropped", new SocketException((int)SocketError.ConnectionReset)), "ConnectionReset");
        yield return Case(new HttpRequestException("connection dropped"), "Unknown");
#endif
    }

    private static TestCaseData Case(HttpRequestException failure, string name) => new TestCaseData(failure).SetArgDisplayNames(name);

    private static HttpRequestMessage Request(string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(TestClients.BaseUrl + "/things"));
        if (method is "POST" or "PATCH" or "PUT")
        {
            request.Content = new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json");
        }

        return request;
    }
}
