using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>How long the client waits before a retry: server headers first, then backoff; caps and cancellation.</summary>
public class RetryWaitTests : ScriptedHttpTests
{

    [Test]
    public async Task RetryAfterMsWinsOverRetryAfter()
    {
        var wait = await FirstWaitAfter(Responses.TooMany(("retry-after-ms", "1500"), ("Retry-After", "7")));
        Assert.That(wait, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
    }

    [Test]
    public async Task RetryAfterSecondsIsUsedWithoutRetryAfterMs()
    {
        var wait = await FirstWaitAfter(Responses.TooMany(("Retry-After", "7")));
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task RetryAfterFractionalSecondsAreKept()
    {
        var wait = await FirstWaitAfter(Responses.TooMany(("Retry-After", "2.5")));
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(2.5)));
    }

    [Test]
    public async Task RetryAfterAsAnHttpDateIsTheTimeUntilThatDate()
    {
        var date = (Clock.GetUtcNow() + TimeSpan.FromSeconds(12)).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var wait = await FirstWaitAfter(Responses.TooMany(("Retry-After", date)));
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public async Task RetryAfterMsWinsOverAnHttpDate()
    {
        var date = (Clock.GetUtcNow() + TimeSpan.FromSeconds(12)).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var wait = await FirstWaitAfter(Responses.TooMany(("retry-after-ms", "250"), ("Retry-After", date)));
        Assert.That(wait, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
    }

    [TestCase("Sun, 01 Mar 2026 11:59:00 GMT", TestName = "A past HTTP-date falls back to backoff")]
    [TestCase("-5", TestName = "A negative Retry-After falls back to backoff")]
    [TestCase("soon", TestName = "A garbage Retry-After falls back to backoff")]
    [TestCase("0", TestName = "Retry-After 0 falls back to backoff")]
    public async Task UnusableServerWaitsFallBackToBackoff(string retryAfter)
    {
        var wait = await FirstWaitAfter(Responses.TooMany(("Retry-After", retryAfter)));
        Assert.That(wait, Is.InRange(TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500)), "InitialRetryDelay 0.5 s less up to 25 % jitter");
    }

    [Test]
    public async Task WithoutServerHeadersTheBackoffDoublesWithJitter()
    {
        Script.Then(() => Responses.Status(503)).Then(() => Responses.Status(503)).Then(() => Responses.Status(503)).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock, o =>
        {
            o.Retry.MaxRetries = 3;
            o.Retry.InitialDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        });

        var call = client.DeleteUserMemoryAsync("mem_1");
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            waits.Add(await Clock.NextDelayAsync());
            Clock.Advance(waits[^1]);
        }

        await call;
        Assert.That(waits[0], Is.InRange(TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1)));
        Assert.That(waits[1], Is.InRange(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2)));
        Assert.That(waits[2], Is.InRange(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4)));
    }

    [Test]
    public async Task BackoffIsCappedAtMaxRetryDelay()
    {
        Script.Then(() => Responses.Status(500)).Then(() => Responses.Status(500)).Then(() => Responses.Status(500)).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock, o =>
        {
            o.Retry.MaxRetries = 3;
            o.Retry.InitialDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(1.5);
        });

        var call = client.DeleteUserMemoryAsync("mem_1");
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(await Clock.NextDelayAsync());
        }

        await call;
        Assert.That(Clock.Delays[2], Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1.5)));
        Assert.That(Clock.Delays[2], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.125)));
    }

    [Test]
    public async Task TheRetryIsNotSentBeforeTheWaitEnds()
    {
        Script.Then(() => Responses.TooMany(("Retry-After", "3"))).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        await Clock.NextDelayAsync();
        Clock.Advance(TimeSpan.FromSeconds(2.999));
        await Eventually.Settled(() => Script.Count);
        Assert.That(Script.Count, Is.EqualTo(1));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await call;
        Assert.That(Script.Count, Is.EqualTo(2));
    }

    [Test]
    public void AServerWaitLongerThanMaxRetryAfterFailsAtOnceCarryingTheWait()
    {
        Script.Then(() => Responses.TooMany(("Retry-After", "86400"), ("X-RateLimit-Limit", "200"), ("X-RateLimit-Remaining", "0")));
        using var client = TestClients.Create(Handler, Clock);

        var ex = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("mem_1"));

        Assert.That(ex!.RetryAfter, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(ex.RateLimit!.Limit, Is.EqualTo(200));
        Assert.That(Script.Count, Is.EqualTo(1));
        Assert.That(Clock.Delays, Is.Empty, "no wait was started");
    }

    [Test]
    public async Task MaxRetryAfterIsConfigurable()
    {
        Script.Then(() => Responses.TooMany(("Retry-After", "90"))).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock, o => o.Retry.MaxRetryAfter = TimeSpan.FromMinutes(2));

        var call = client.DeleteUserMemoryAsync("mem_1");
        var wait = await Clock.NextDelayAsync();
        Clock.Advance(wait);
        await call;

        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void AWaitExactlyAtMaxRetryAfterIsWaited()
    {
        Script.Then(() => Responses.TooMany(("Retry-After", "60"))).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        Assert.That(async () => await Clock.NextDelayAsync(), Is.EqualTo(TimeSpan.FromSeconds(60)));
        Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That(async () => await call, Throws.Nothing);
    }

    [Test]
    public async Task CancellationCutsAWaitShortAtOnce()
    {
        Script.Then(() => Responses.TooMany(("Retry-After", "30")));
        using var client = TestClients.Create(Handler, Clock);
        using var cts = new CancellationTokenSource();

        var call = client.DeleteUserMemoryAsync("mem_1", cts.Token);
        await Clock.NextDelayAsync();
        await cts.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Script.Count, Is.EqualTo(1));
        Assert.That(Clock.GetUtcNow(), Is.EqualTo(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)), "no fake time had to pass");
    }

    [Test]
    public async Task ACancelledCallIsNotRetriedOrReportedAsATimeout()
    {
        using var hanging = new MockHttpMessageHandler();
        var sent = 0;
        hanging.When("*").Respond(new HangingHandler(() => Interlocked.Increment(ref sent)));
        using var client = TestClients.Create(hanging, Clock);
        using var cts = new CancellationTokenSource();

        var call = client.DeleteUserMemoryAsync("mem_1", cts.Token);
        await Eventually.That(() => Volatile.Read(ref sent) == 1);
        await cts.CancelAsync();

        var ex = Assert.CatchAsync(() => call);
        Assert.That(ex, Is.InstanceOf<OperationCanceledException>());
        Assert.That(sent, Is.EqualTo(1));
    }

    private async Task<TimeSpan> FirstWaitAfter(HttpResponseMessage first)
    {
        Script.Then(() => first).Then(() => Responses.NoContent());
        using var client = TestClients.Create(Handler, Clock);
        var call = client.DeleteUserMemoryAsync("mem_1");
        var wait = await Clock.NextDelayAsync();
        Clock.Advance(wait);
        await call;
        Assert.That(Script.Count, Is.EqualTo(2));
        return wait;
    }
}
