using System.Diagnostics;
using System.Threading.RateLimiting;
using Datagrid.Client.Tests.Simulation;
using Datagrid.RateLimiting;

namespace Datagrid.Client.Tests;

/// <summary>The limiter never hangs, never waits longer than the server said, and a header cannot blow it up.</summary>
public class LimiterBoundsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Test]
    public void ACallJoiningTheQueueWhenTheHeadIsServableServesIt()
    {
        // Two calls, 429 with Retry-After: 1 and no X-RateLimit-Limit. The first call's retry arrives when the block
        // has just run out but before the limiter's timer fired: it used to switch the timer off and both calls hung.
        var clock = new HeldTimersClock();
        using var limiter = new SlidingWindowLogLimiter(null, Window, clock);
        var first = (DatagridRateLimitLease)limiter.AttemptAcquire();
        var second = limiter.AcquireAsync().AsTask();
        first.Observe(429, new RateLimitInfo(null, null, null, TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(1));
        first.Dispose();

        clock.Now += TimeSpan.FromSeconds(1);
        var retry = limiter.AcquireAsync().AsTask();
        clock.FireDueTimers();

        Assert.That(second.IsCompletedSuccessfully, Is.True, "the head waiter is served once the block is over");
        second.Result.Dispose();
        Assert.That(retry.IsCompletedSuccessfully, Is.True, "and the next one when the probe's slot is back");
    }

    [Test]
    public void RemainingZeroWaitsUntilResetNotAWholeWindow()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(null, Window, clock);
        var lease = (DatagridRateLimitLease)limiter.AttemptAcquire();
        lease.Observe(204, new RateLimitInfo(10, 0, clock.GetUtcNow() + TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), null);
        lease.Dispose();

        using var refused = limiter.AttemptAcquire();
        Assert.That(refused.IsAcquired, Is.False);
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait), Is.True);
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(5)));

        clock.Advance(TimeSpan.FromSeconds(5));
        using var next = limiter.AttemptAcquire();
        Assert.That(next.IsAcquired, Is.True, "a slot frees at X-RateLimit-Reset");
    }

    [Test]
    public void RemainingZeroWaitsNoLongerThanMaxRetryAfter()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(null, Window, clock, maxServerWait: TimeSpan.FromSeconds(20));
        var lease = (DatagridRateLimitLease)limiter.AttemptAcquire();
        lease.Observe(204, new RateLimitInfo(null, 0, clock.GetUtcNow() + TimeSpan.FromHours(1), null), null);
        lease.Dispose();

        using var refused = limiter.AttemptAcquire();
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait), Is.True);
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void LimitZeroDoesNotKeepTheClientOneAtATime()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(null, Window, clock);
        var probe = (DatagridRateLimitLease)limiter.AttemptAcquire();
        probe.Observe(204, new RateLimitInfo(0, null, null, null), null);
        probe.Dispose();

        var leases = Enumerable.Range(0, 5).Select(_ => limiter.AttemptAcquire()).ToList();
        Assert.That(leases.Select(l => l.IsAcquired), Is.All.True);
        leases.ForEach(l => l.Dispose());
    }

    [Test]
    public void AHugeLimitHeaderIsNoLimitAndCostsNoMemory()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(null, Window, clock);
        var probe = (DatagridRateLimitLease)limiter.AttemptAcquire();
#if NET
        // .NET Framework has no per-thread allocation count: there the test checks the rest.
        var before = GC.GetAllocatedBytesForCurrentThread();
#endif
        var watch = Stopwatch.StartNew();
        probe.Observe(204, new RateLimitInfo(int.MaxValue, 0, clock.GetUtcNow() + TimeSpan.FromSeconds(2), null), null);
        watch.Stop();
        probe.Dispose();

#if NET
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1_000_000), "no entry per permit");
#endif
        Assert.That(limiter.Limit, Is.Null, "treated as no limit");
        clock.Advance(TimeSpan.FromSeconds(2));
        var leases = Enumerable.Range(0, 5).Select(_ => limiter.AttemptAcquire()).ToList();
        Assert.That(leases.Select(l => l.IsAcquired), Is.All.True);
        leases.ForEach(l => l.Dispose());
    }

    [Test]
    public void TheLargestTrackedLimitStillBooksBoundedSlots()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(null, Window, clock);
        var probe = (DatagridRateLimitLease)limiter.AttemptAcquire();
        probe.Observe(204, new RateLimitInfo(SlidingWindowLogLimiter.MaxTrackedLimit, 0, clock.GetUtcNow() + TimeSpan.FromSeconds(1), null), null);
        probe.Dispose();

        Assert.That(limiter.Limit, Is.EqualTo(SlidingWindowLogLimiter.MaxTrackedLimit));
        Assert.That(limiter.GetStatistics()!.CurrentAvailablePermits, Is.Zero);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(limiter.GetStatistics()!.CurrentAvailablePermits, Is.EqualTo(1), "the oldest unseen entry frees at Reset");
    }

    [Test]
    public void ARequestForMorePermitsThanTheLearnedLimitDoesNotWaitForEver()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(null, TimeSpan.FromSeconds(10), clock);
        var probe = (DatagridRateLimitLease)limiter.AttemptAcquire();
        probe.Observe(204, new RateLimitInfo(2, 1, null, null), null);
        probe.Dispose();

        var big = limiter.AcquireAsync(5).AsTask();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(big.IsCompletedSuccessfully, Is.True);
    }

    /// <summary>
    /// Many callers of one client through 429s, with and without rate-limit headers, on a fake
    /// clock with random steps; every call completes and no wait outlasts the latest server time plus a window.
    /// </summary>
    [TestCase(101, (int)HeaderMode.Full), TestCase(102, (int)HeaderMode.RetryAfterOnly), TestCase(103, (int)HeaderMode.None)]
    [TestCase(104, (int)HeaderMode.Full), TestCase(105, (int)HeaderMode.RetryAfterOnly), TestCase(106, (int)HeaderMode.None)]
    public void ManyCallersThrough429sAllComplete(int seed, int mode)
    {
        var result = LimiterSimulation.Run(seed, processes: 1, idsPerProcess: 150, concurrency: 32, limit: 20, TimeSpan.FromSeconds(3), (HeaderMode)mode);
        TestContext.Out.WriteLine(result);
        Assert.That(result.Steps, Is.GreaterThan(1000), "thousands of steps");
    }
}
