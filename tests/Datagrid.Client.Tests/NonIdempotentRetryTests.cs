using System.Text;
using Datagrid.Http;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// The spec has only DELETE today; an operation it may gain (POST, PATCH) goes through the same pipeline, so these
/// drive the pipeline directly with such requests.
/// </summary>
public class NonIdempotentRetryTests
{
    private TestClock _clock = null!;
    private ResponseScript _script = null!;
    private MockHttpMessageHandler _handler = null!;
    private DatagridPipeline _pipeline = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new TestClock();
        _script = new ResponseScript();
        _handler = new MockHttpMessageHandler();
        _handler.When("*").Respond(request => _script.Next(request));
        var options = TestClients.Options(o =>
        {
            o.TimeProvider = _clock;
            o.Timeout = TestClock.AttemptTimeout;
            o.EnableClientRateLimiting = false;
        });
        _pipeline = new DatagridPipeline(_handler.ToHttpClient(), ownsHttpClient: true, ClientSettings.Resolve(options));
    }

    [TearDown]
    public void TearDown()
    {
        _pipeline.Dispose();
        _handler.Dispose();
    }

    [TestCase("POST", 500)]
    [TestCase("POST", 503)]
    [TestCase("POST", 408)]
    [TestCase("POST", 409)]
    [TestCase("PATCH", 502)]
    public async Task NotRetriedWhenTheServerMayHaveActed(string method, int status)
    {
        _script.Then(() => Responses.Status(status));

        using var response = await _pipeline.SendAsync(Request(method), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(_script.Count, Is.EqualTo(1));
    }

    [TestCase("PUT", 503)]
    [TestCase("GET", 500)]
    [TestCase("DELETE", 409)]
    public async Task IdempotentMethodsAreRetried(string method, int status)
    {
        _script.Then(() => Responses.Status(status)).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request(method), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        _clock.Advance(await _clock.NextDelayAsync());
        using var response = await send;

        Assert.That(_script.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task A429IsRetriedForPostBecauseTheServerRefusedBeforeProcessing()
    {
        _script.Then(() => Responses.TooMany(("Retry-After", "1"))).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        _clock.Advance(await _clock.NextDelayAsync());
        using var response = await send;

        Assert.That(_script.Count, Is.EqualTo(2));
        Assert.That(response.IsSuccessStatusCode);
    }

    [Test]
    public async Task XShouldRetryTrueRetriesAPost()
    {
        _script.Then(() => Responses.Status(500, null, ("x-should-retry", "true"))).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        _clock.Advance(await _clock.NextDelayAsync());
        using var response = await send;

        Assert.That(_script.Count, Is.EqualTo(2));
    }

    [TestCase(HttpRequestError.ConnectionError)]
    [TestCase(HttpRequestError.NameResolutionError)]
    [TestCase(HttpRequestError.SecureConnectionError)]
    public async Task APostIsRetriedWhenTheConnectionFailedBeforeTheRequestWasSent(HttpRequestError error)
    {
        _script.ThenThrow(new HttpRequestException(error, "no connection")).Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        _clock.Advance(await _clock.NextDelayAsync());
        using var response = await send;

        Assert.That(_script.Count, Is.EqualTo(2));
    }

    [TestCase(HttpRequestError.ResponseEnded)]
    [TestCase(HttpRequestError.Unknown)]
    public void APostIsNotRetriedWhenTheConnectionBrokeAfterSending(HttpRequestError error)
    {
        _script.ThenThrow(new HttpRequestException(error, "connection dropped"));

        var ex = Assert.ThrowsAsync<DatagridConnectionException>(() => _pipeline.SendAsync(Request("POST"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None));

        Assert.That(ex!.Attempts, Is.EqualTo(1));
        Assert.That(_script.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task APostThatTimesOutIsNotRetried()
    {
        var sent = 0;
        using var hanging = new MockHttpMessageHandler();
        hanging.When("*").Respond(new HangingHandler(() => Interlocked.Increment(ref sent)));
        var options = TestClients.Options(o =>
        {
            o.TimeProvider = _clock;
            o.Timeout = TestClock.AttemptTimeout;
        });
        using var pipeline = new DatagridPipeline(hanging.ToHttpClient(), ownsHttpClient: true, ClientSettings.Resolve(options));

        var send = pipeline.SendAsync(Request("POST"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        await Eventually.That(() => Volatile.Read(ref sent) == 1);
        _clock.Advance(TestClock.AttemptTimeout);

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => send);
        Assert.That(ex!.Attempts, Is.EqualTo(1));
        Assert.That(sent, Is.EqualTo(1));
    }

    [Test]
    public async Task EveryAttemptSendsTheSameBodyAndContentHeaders()
    {
        var bodies = new List<string>();
        _script
            .Then(() => Responses.TooMany(("Retry-After", "1")))
            .Then(() => Responses.NoContent());

        var send = _pipeline.SendAsync(Request("POST"), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        _clock.Advance(await _clock.NextDelayAsync());
        using var response = await send;

        foreach (var (body, contentType) in _script.Bodies)
        {
            bodies.Add(body!);
            Assert.That(contentType, Is.EqualTo("application/json"));
        }

        Assert.That(_script.Requests.Select(r => r.Options.TryGetValue(DatagridPipeline.PathTemplateKey, out var t) ? t : null), Is.All.EqualTo("things"));
        Assert.That(bodies, Is.EqualTo(new[] { """{"name":"x"}""", """{"name":"x"}""" }));
    }

    private static HttpRequestMessage Request(string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(TestClients.BaseUrl + "/things"));
        if (method is "POST" or "PATCH" or "PUT")
        {
            request.Content = new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json");
        }

        request.Options.Set(DatagridPipeline.PathTemplateKey, "things");
        return request;
    }
}
