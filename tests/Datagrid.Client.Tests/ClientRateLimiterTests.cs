using System.Threading.RateLimiting;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>The client-side sliding-window limiter, driven by a fake clock.</summary>
public class ClientRateLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
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
    public async Task FiftyConcurrentCallsWithALimitOfTenSendNoMoreThanTenPerWindowAndLoseNothing()
    {
        var server = new FakeLimitedServer(_clock, limit: 10, Window);
        _handler.When("*").Respond(server.Handle);
        using var client = Limited(o => o.RateLimiting.PermitLimit = 10);
        var start = _clock.GetUtcNow();

        var calls = Enumerable.Range(0, 50).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();
        await DriveUntil(() => calls.All(c => c.IsCompleted), () => server.Requests);
        await Task.WhenAll(calls);

        Assert.That(server.Refused, Is.Zero);
        Assert.That(server.Requests, Is.EqualTo(50));
        Assert.That(server.MaxSentInAnyWindow(), Is.LessThanOrEqualTo(10));
        Assert.That(server.Arrivals.Max() - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(4)).And.LessThan(TimeSpan.FromSeconds(4.5)), "5 windows of 10: the last batch goes at 4 s, no window wasted");
    }

    [Test]
    public async Task LearnsTheLimitFromTheFirstResponseAndSendsOneAtATimeUntilThen()
    {
        var server = new FakeLimitedServer(_clock, limit: 3, Window);
        var gate = new TaskCompletionSource();
        var first = true;
        _handler.When("*").Respond(async request =>
        {
            if (first)
            {
                first = false;
                await gate.Task;
            }

            return server.Handle(request);
        });
        using var client = Limited();

        var calls = Enumerable.Range(0, 6).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();
        Assert.That(await Eventually.Reaches(() => first ? 0 : 1, 1), Is.EqualTo(1), "only the probe is out");
        Assert.That(server.Requests, Is.Zero);
        gate.SetResult();
        Assert.That(await Eventually.Reaches(() => server.Requests, 3), Is.EqualTo(3), "the limit of 3 learned from X-RateLimit-Limit");

        await DriveUntil(() => calls.All(c => c.IsCompleted), () => server.Requests);
        await Task.WhenAll(calls);
        Assert.That(server.Refused, Is.Zero);
        Assert.That(server.MaxSentInAnyWindow(), Is.LessThanOrEqualTo(3));
    }

    [Test]
    public async Task AServerThatAdvertisesNoLimitIsNotThrottledAfterTheFirstAnswer()
    {
        var gate = new TaskCompletionSource();
        var sent = 0;
        _handler.When("*").Respond(async _ =>
        {
            if (Interlocked.Increment(ref sent) == 1)
            {
                await gate.Task;
            }

            return Responses.NoContent();
        });
        using var client = Limited();

        var calls = Enumerable.Range(0, 5).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();
        Assert.That(await Eventually.Reaches(() => Volatile.Read(ref sent), 1), Is.EqualTo(1));
        gate.SetResult();
        await Task.WhenAll(calls);

        Assert.That(sent, Is.EqualTo(5));
        Assert.That(_clock.GetUtcNow(), Is.EqualTo(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)), "no fake time had to pass");
    }

    [Test]
    public async Task AServerReportedLimitReplacesTheConfiguredOne()
    {
        var server = new FakeLimitedServer(_clock, limit: 2, Window);
        _handler.When("*").Respond(server.Handle);
        using var client = Limited(o => o.RateLimiting.PermitLimit = 100);

        await client.DeleteUserMemoryAsync("mem_0");
        var calls = Enumerable.Range(1, 5).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();
        Assert.That(await Eventually.Reaches(() => server.Requests, 2), Is.EqualTo(2));

        await DriveUntil(() => calls.All(c => c.IsCompleted), () => server.Requests);
        Assert.That(server.Refused, Is.Zero);
    }

    [Test]
    public async Task LearnsAShorterWindowFromTheResetOfARequestAloneInItsWindow()
    {
        var server = new FakeLimitedServer(_clock, limit: 2, TimeSpan.FromSeconds(3));
        _handler.When("*").Respond(server.Handle);
        using var client = TestClients.Create(_handler, _clock, o => o.RateLimiting.Enabled = true);
        var start = _clock.GetUtcNow();

        var calls = Enumerable.Range(0, 6).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();
        await DriveUntil(() => calls.All(c => c.IsCompleted), () => server.Requests);
        await Task.WhenAll(calls);

        Assert.That(server.Refused, Is.Zero);
        Assert.That(server.Arrivals.Max() - start, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(6)).And.LessThan(TimeSpan.FromSeconds(6.5)), "3 windows of 3 s, not of the default 60 s");
    }

    [Test]
    public async Task ResynchronisesFromRemainingWhenSomeoneElseUsedTheWindow()
    {
        var server = new FakeLimitedServer(_clock, limit: 5, Window) { ExternalUse = 4 };
        _handler.When("*").Respond(server.Handle);
        using var client = Limited(o => o.RateLimiting.PermitLimit = 5);

        await client.DeleteUserMemoryAsync("mem_0");
        var calls = Enumerable.Range(1, 3).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();

        Assert.That(await Eventually.Settled(() => server.Requests), Is.EqualTo(1), "Remaining: 0 told the limiter the window is full");
        await _clock.NextWakeUpAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(await Eventually.Settled(() => server.Requests), Is.EqualTo(1));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await Eventually.Settled(() => server.Requests), Is.EqualTo(3), "our slot and the server's oldest entry free at Reset");

        // The other process's further slots are left to it for a tenth of a window (it takes them back first).
        Assert.That(await _clock.NextWakeUpAsync(), Is.EqualTo(Window / 10));
        _clock.Advance(Window / 10);
        await Task.WhenAll(calls);
        Assert.That(server.Requests, Is.EqualTo(4));
        Assert.That(server.Refused, Is.Zero);
    }

    [Test]
    public async Task A429BlocksEveryCallOfThePartitionForItsRetryAfter()
    {
        var script = new ResponseScript().Then(() => Responses.TooMany(("Retry-After", "2"), ("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "0")));
        for (var i = 0; i < 4; i++)
        {
            script.Then(() => Responses.NoContent(limit: 10, remaining: 5));
        }

        _handler.When("*").Respond(script.Next);
        using var client = Limited(o => o.RateLimiting.PermitLimit = 10);

        var refused = client.DeleteUserMemoryAsync("mem_0");
        await _clock.NextDelayAsync();
        var others = Enumerable.Range(1, 3).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")).ToArray();

        Assert.That(await Eventually.Settled(() => script.Count), Is.EqualTo(1));
        Assert.That(await _clock.NextWakeUpAsync(), Is.EqualTo(TimeSpan.FromSeconds(2)), "the others wake when the Retry-After ends");
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.That(await Eventually.Settled(() => script.Count), Is.EqualTo(1), "nobody is sent into a window the server said is full");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll([refused, .. others]);
        Assert.That(script.Count, Is.EqualTo(5));
    }

    [Test]
    public async Task DifferentIdsShareTheOperationsWindow()
    {
        var server = new FakeLimitedServer(_clock, limit: 1, Window);
        _handler.When("*").Respond(server.Handle);
        using var client = Limited(o => o.RateLimiting.PermitLimit = 1);

        var a = client.DeleteUserMemoryAsync("mem_a");
        var b = client.DeleteUserMemoryAsync("mem_b");
        Assert.That(await Eventually.Reaches(() => server.Requests, 1), Is.EqualTo(1));
        Assert.That(await _clock.NextWakeUpAsync(), Is.EqualTo(Window), "b waits for a's slot to leave the window");
        _clock.Advance(Window);
        await Task.WhenAll(a, b);
        Assert.That(server.Refused, Is.Zero);
    }

    [Test]
    public async Task CanBeSwitchedOff()
    {
        var server = new FakeLimitedServer(_clock, limit: 100, Window);
        _handler.When("*").Respond(server.Handle);
        using var client = TestClients.Create(_handler, _clock, o =>
        {
            o.RateLimiting.Enabled = false;
            o.RateLimiting.PermitLimit = 1;
            o.RateLimiting.Window = Window;
        });

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.DeleteUserMemoryAsync($"mem_{i}")));
        Assert.That(server.Requests, Is.EqualTo(5));
    }

    [Test]
    public async Task CancellationWhileWaitingForTheLimiterEndsTheCallWithoutSendingIt()
    {
        var server = new FakeLimitedServer(_clock, limit: 1, Window);
        _handler.When("*").Respond(server.Handle);
        using var client = Limited(o => o.RateLimiting.PermitLimit = 1);
        using var cts = new CancellationTokenSource();

        await client.DeleteUserMemoryAsync("mem_a");
        var waiting = client.DeleteUserMemoryAsync("mem_b", cts.Token);
        await Eventually.Settled(() => server.Requests);
        await cts.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        _clock.Advance(Window);
        Assert.That(await Eventually.Settled(() => server.Requests), Is.EqualTo(1));
    }

    [Test]
    public async Task AUserSuppliedLimiterIsUsedForEveryAttempt()
    {
        var script = new ResponseScript().Then(() => Responses.Status(503)).Then(() => Responses.NoContent());
        _handler.When("*").Respond(script.Next);
        using var inner = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 });
        using var counting = new CountingLimiter(inner);
        using var client = TestClients.Create(_handler, _clock, o =>
        {
            o.RateLimiting.Enabled = true;
            o.RateLimiting.Limiter = counting;
        });

        var call = client.DeleteUserMemoryAsync("mem_1");
        _clock.Advance(await _clock.NextDelayAsync());
        await call;

        Assert.That(counting.Acquired, Is.EqualTo(2));
        Assert.That(counting.Templates, Is.All.EqualTo("user-memories/{user_memory_id}"));
        Assert.That(inner.GetStatistics()!.CurrentAvailablePermits, Is.EqualTo(1), "every lease was returned");
    }

    [Test]
    public void AUserSuppliedLimiterThatRefusesFailsTheCallWithoutSending()
    {
        var script = new ResponseScript();
        _handler.When("*").Respond(script.Next);
        using var refusing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        using var held = refusing.AttemptAcquire();
        using var limiter = PartitionedRateLimiter.Create<HttpRequestMessage, string>(_ => RateLimitPartition.Get("all", _ => refusing));
        using var client = TestClients.Create(_handler, _clock, o =>
        {
            o.RateLimiting.Enabled = true;
            o.RateLimiting.Limiter = limiter;
        });

        var ex = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("mem_1"));
        Assert.That(ex!.Message, Does.Contain("client-side rate limiter"));
        Assert.That(ex.Attempts, Is.Zero);
        Assert.That(script.Count, Is.Zero);
    }

    private MemoryClient Limited(Action<DatagridClientOptions>? configure = null) =>
        TestClients.Create(_handler, _clock, o =>
        {
            o.RateLimiting.Enabled = true;
            o.RateLimiting.Window = Window;
            configure?.Invoke(o);
        });

    /// <summary>Moves the clock from one wake-up of the limiter to the next until <paramref name="done"/>.</summary>
    private async Task DriveUntil(Func<bool> done, Func<int> progress)
    {
        for (var i = 0; i < 1000 && !done(); i++)
        {
            // Let every call the last step released reach the server (or park) before time moves on.
            await Eventually.Settled(progress);
            if (await _clock.NextWakeUpAsync(done) is { } wake)
            {
                _clock.Advance(wake);
            }
        }
    }

    /// <summary>Wraps a limiter, counting acquisitions and the path templates they were for.</summary>
    private sealed class CountingLimiter(RateLimiter inner) : PartitionedRateLimiter<HttpRequestMessage>
    {
        public int Acquired => _acquired;

        public System.Collections.Concurrent.ConcurrentBag<string?> Templates { get; } = [];

        private int _acquired;

        public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount)
        {
            var lease = inner.AttemptAcquire(permitCount);
            Record(resource, lease);
            return lease;
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken)
        {
            var lease = await inner.AcquireAsync(permitCount, cancellationToken);
            Record(resource, lease);
            return lease;
        }

        private void Record(HttpRequestMessage resource, RateLimitLease lease)
        {
            if (lease.IsAcquired)
            {
                Interlocked.Increment(ref _acquired);
                // Where a user's limiter finds it: the request's Options on .NET, its Properties on .NET Framework.
#if NET
                Templates.Add(resource.Options.TryGetValue(new HttpRequestOptionsKey<string>("Datagrid.PathTemplate"), out var t) ? t : null);
#else
                Templates.Add(resource.Properties.TryGetValue("Datagrid.PathTemplate", out var t) ? t as string : null);
#endif
            }
        }
    }
}
