using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>Which failures are retried, how often, and what the caller gets at the end.</summary>
public class RetryRulesTests : ScriptedHttpTests
{

    [TestCase(429)]
    [TestCase(408)]
    [TestCase(409)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task RetriesTheStatusThenSucceeds(int status)
    {
        Script.Then(() => Responses.Status(status)).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        await call;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(404)]
    [TestCase(422)]
    public void DoesNotRetryStatusesARetryCannotFix(int status)
    {
        Script.Then(() => Responses.Status(status));
        using var client = TestClients.Create(Handler, Clock);

        var ex = Assert.ThrowsAsync(Is.InstanceOf<DatagridApiException>(), () => client.DeleteUserMemoryAsync("mem_1")) as DatagridApiException;

        Assert.That(ex!.StatusCode, Is.EqualTo(status));
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(Script.Count, Is.EqualTo(1));
        Assert.That(Clock.Delays, Is.Empty);
    }

    [Test]
    public async Task AfterTheLastAttemptTheCallerGetsTheTypedExceptionOfTheLastResponseWithTheAttemptCount()
    {
        Script.Then(() => Responses.Status(503)).Then(() => Responses.Status(500)).Then(() => Responses.TooMany());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        Clock.Advance(await Clock.NextDelayAsync());
        var ex = Assert.ThrowsAsync<DatagridRateLimitException>(() => call);

        Assert.That(ex!.Attempts, Is.EqualTo(3), "MaxRetries defaults to 2: three requests in all");
        Assert.That(Script.Count, Is.EqualTo(3));
        Assert.That(ex.Message, Does.Contain("after 3 attempts"));
    }

    [Test]
    public async Task MaxRetriesBoundsTheAttempts()
    {
        for (var i = 0; i < 5; i++)
        {
            Script.Then(() => Responses.Status(500));
        }

        using var client = TestClients.Create(Handler, Clock, o => o.Retry.MaxRetries = 4);
        var call = client.DeleteUserMemoryAsync("mem_1");
        for (var i = 0; i < 4; i++)
        {
            Clock.Advance(await Clock.NextDelayAsync());
        }

        var ex = Assert.ThrowsAsync<DatagridServerException>(() => call);
        Assert.That(ex!.Attempts, Is.EqualTo(5));
    }

    [Test]
    public void MaxRetriesZeroSendsOnce()
    {
        Script.Then(() => Responses.Status(503));
        using var client = TestClients.Create(Handler, Clock, o => o.Retry.MaxRetries = 0);

        var ex = Assert.ThrowsAsync<DatagridServerException>(() => client.DeleteUserMemoryAsync("mem_1"));
        Assert.That(ex!.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void A429WhoseBodySaysNotRetryableIsNotRetriedAndKeepsItsBody()
    {
        Script.Then(() => Responses.Status(429, Responses.NotRetryableBody, ("Retry-After", "1")));
        using var client = TestClients.Create(Handler, Clock);

        var ex = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("mem_1"));

        Assert.That(Script.Count, Is.EqualTo(1));
        Assert.That(ex!.Retryable, Is.False);
        Assert.That(ex.ServerMessage, Is.EqualTo("Daily quota used up."), "the body peeked for 'retryable' is still readable by the error mapping");
        Assert.That(ex.Body, Is.Not.Null);
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task A429BodyIsStillReadableAfterRetriesRunOut()
    {
        Script.Then(() => Responses.TooMany()).Then(() => Responses.TooMany()).Then(() => Responses.TooMany(("X-Request-Id", "req_3")));
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        Clock.Advance(await Clock.NextDelayAsync());
        var ex = Assert.ThrowsAsync<DatagridRateLimitException>(() => call);

        Assert.That(ex!.Retryable, Is.True);
        Assert.That(ex.Reason, Is.EqualTo("window full"));
        Assert.That(ex.RequestId, Is.EqualTo("req_3"));
    }

    [Test]
    public async Task XShouldRetryTrueRetriesAStatusThatIsNotRetriedOtherwise()
    {
        Script.Then(() => Responses.Status(400, null, ("x-should-retry", "true"))).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        await call;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [TestCase(503)]
    [TestCase(429)]
    public void XShouldRetryFalseStopsARetryTheStatusWouldGet(int status)
    {
        Script.Then(() => Responses.Status(status, Responses.RateLimitBody, ("x-should-retry", "false")));
        using var client = TestClients.Create(Handler, Clock);

        var ex = Assert.ThrowsAsync(Is.InstanceOf<DatagridApiException>(), () => client.DeleteUserMemoryAsync("mem_1")) as DatagridApiException;

        Assert.That(ex!.Attempts, Is.EqualTo(1));
        Assert.That(Script.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task XShouldRetryTrueOverridesRetryableFalse()
    {
        Script.Then(() => Responses.Status(429, Responses.NotRetryableBody, ("x-should-retry", "true"))).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        await call;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task ConnectionFailuresAreRetriedAndTheLastCarriesTheAttemptCount()
    {
        Script
            .ThenThrow(ConnectionFailures.Refused("refused"))
            .ThenThrow(ConnectionFailures.Dropped("dropped"))
            .ThenThrow(ConnectionFailures.Refused("refused again"));
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        Clock.Advance(await Clock.NextDelayAsync());
        var ex = Assert.ThrowsAsync<DatagridConnectionException>(() => call);

        Assert.That(ex!.Attempts, Is.EqualTo(3));
        Assert.That(ex.Message, Does.Contain("attempt 3"));
        Assert.That(Script.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task AConnectionFailureThenSuccessSucceeds()
    {
        Script.ThenThrow(ConnectionFailures.Refused("refused")).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        await call;

        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task PerAttemptTimeoutsAreRetriedAndTheLastIsATimeoutExceptionWithTheAttemptCount()
    {
        var sent = 0;
        using var hanging = new MockHttpMessageHandler();
        hanging.When("*").Respond(new HangingHandler(() => Interlocked.Increment(ref sent)));
        using var client = TestClients.Create(hanging, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Eventually.That(() => Volatile.Read(ref sent) == attempt);
            Clock.Advance(TestClients.AttemptTimeout);
            if (attempt < 3)
            {
                Clock.Advance(await Clock.NextDelayAsync());
            }
        }

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Attempts, Is.EqualTo(3));
        Assert.That(sent, Is.EqualTo(3));
    }

    [Test]
    public async Task EachAttemptSendsAFreshCopyOfTheRequestWithTheSameHeaders()
    {
        Script.Then(() => Responses.Status(503)).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock, o => o.Teamspace = "ts_1");

        var call = client.DeleteUserMemoryAsync("mem_1");
        Clock.Advance(await Clock.NextDelayAsync());
        await call;

        var requests = Script.Requests.ToArray();
        Assert.That(requests[0], Is.Not.SameAs(requests[1]));
        foreach (var request in requests)
        {
            Assert.That(request.Headers.Authorization?.Parameter, Is.EqualTo(TestClients.ApiKey));
            Assert.That(request.Headers.GetValues("Datagrid-Teamspace"), Is.EqualTo(new[] { "ts_1" }));
            Assert.That(request.RequestUri!.AbsolutePath, Is.EqualTo("/v1/user-memories/mem_1"));
        }
    }
}

/// <summary>Never answers; ends only when the request is cancelled (the per-attempt timeout).</summary>
internal sealed class HangingHandler(Action onRequest) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        onRequest();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return Responses.NoContent();
    }
}
