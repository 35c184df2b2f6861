using System.Threading.RateLimiting;
using Datagrid.RateLimiting;

namespace Datagrid.Client.Tests;

/// <summary>
/// A 2xx that confirms the limit and shows no foreign traffic is released without the limiter's lock (it
/// was the hot spot with many calls at once). The limit must still hold exactly, a 429 must stop grants at once, a
/// release must log its slot for exactly one window and wake a waiting call, and the counts must stay whole when many
/// threads acquire and release at once.
/// </summary>
public class LockFreeReleaseTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private static RateLimitInfo Answer(int limit, int remaining, TestClock clock) =>
        new(limit, remaining, clock.GetUtcNow() + Window, null);

    [Test]
    public void AnObservedReleaseHoldsItsSlotOneWindowNotLessNotMore()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(2, Window, clock);
        var a = (DatagridRateLimitLease)limiter.AttemptAcquire();
        var b = (DatagridRateLimitLease)limiter.AttemptAcquire();

        // Both in flight: the server counted 2 of 2, all of them ours.
        a.Observe(204, Answer(2, 0, clock), null);
        clock.Advance(TimeSpan.FromSeconds(3));
        b.Observe(204, Answer(2, 0, clock), null);
        a.Dispose();
        b.Dispose();

        using (var refused = limiter.AttemptAcquire())
        {
            Assert.That(refused.IsAcquired, Is.False, "both slots are logged");
        }

        clock.Advance(Window - TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        using (var early = limiter.AttemptAcquire())
        {
            Assert.That(early.IsAcquired, Is.False, "a's slot frees a whole window after its response, not before");
        }

        clock.Advance(TimeSpan.FromTicks(1));
        using var first = limiter.AttemptAcquire();
        using var second = limiter.AttemptAcquire();
        Assert.That(first.IsAcquired, Is.True, "a's slot is back");
        Assert.That(second.IsAcquired, Is.False, "b's is not, for 3 s more");
    }

    [Test]
    public async Task AWaitingCallIsServedWhenALockFreeReleaseExpires()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(2, Window, clock);
        var a = (DatagridRateLimitLease)limiter.AttemptAcquire();
        var b = (DatagridRateLimitLease)limiter.AttemptAcquire();
        var waiting = limiter.AcquireAsync().AsTask();

        // Until a is released there is nothing to time: the waiter depends on this release scheduling it.
        a.Observe(204, Answer(2, 0, clock), null);
        a.Dispose();
        Assert.That(waiting.IsCompleted, Is.False);

        clock.Advance(Window);
        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(lease.IsAcquired, Is.True);
        b.Dispose();
    }

    [Test]
    public void TrafficTheLimiterDidNotSendIsStillBooked()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(4, Window, clock);
        var a = (DatagridRateLimitLease)limiter.AttemptAcquire();

        // The server counted 3, we sent 1: two belong to someone else and must not be skipped by the lock-free path.
        a.Observe(204, Answer(4, 1, clock), null);
        a.Dispose();

        Assert.That(limiter.GetStatistics()!.CurrentAvailablePermits, Is.EqualTo(1));
    }

    [Test]
    public async Task ManyThreadsReleasingAtOnceLeaveExactlyTheirSlotsLogged()
    {
        const int Limit = 5_000;
        const int Calls = 4_000;
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(Limit, Window, clock);
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < Calls / 8; i++)
            {
                using var lease = (DatagridRateLimitLease)limiter.AttemptAcquire();

                // What the server would say: it counted our requests so far, nobody else's.
                var used = (int)limiter.GetStatistics()!.TotalSuccessfulLeases;
                lease.Observe(204, new RateLimitInfo(Limit, Math.Max(0, Limit - used), clock.GetUtcNow() + Window, null), null);
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        var stats = limiter.GetStatistics()!;
        Assert.That(stats.TotalSuccessfulLeases, Is.EqualTo(Calls));
        Assert.That(stats.CurrentAvailablePermits, Is.EqualTo(Limit - Calls), "every release is logged once");
        Assert.That(limiter.IdleDuration, Is.Not.Null, "nothing is left in flight");

        clock.Advance(Window);
        Assert.That(limiter.GetStatistics()!.CurrentAvailablePermits, Is.EqualTo(Limit), "and every slot expires a window later");
    }

    [Test]
    public void ReservedPermitsNeverLetMoreThanTheLimitThrough()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(100, Window, clock);
        var leases = Enumerable.Range(0, 100).Select(_ => limiter.AttemptAcquire()).ToList();

        Assert.That(leases.All(l => l.IsAcquired), Is.True);
        using (var refused = limiter.AttemptAcquire())
        {
            Assert.That(refused.IsAcquired, Is.False, "the 101st, with every earlier one in flight");
        }

        Assert.That(limiter.GetStatistics()!.TotalSuccessfulLeases, Is.EqualTo(100));
        leases.ForEach(l => l.Dispose());
    }

    [Test]
    public void A429StopsGrantsFromTheReservationAtOnce()
    {
        var clock = new TestClock();
        using var limiter = new SlidingWindowLogLimiter(1_000, Window, clock);
        var first = (DatagridRateLimitLease)limiter.AttemptAcquire();
        using var second = limiter.AttemptAcquire();
        Assert.That(second.IsAcquired, Is.True, "far from the limit");

        first.Observe(429, new RateLimitInfo(null, null, null, TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(5));
        first.Dispose();

        using (var blocked = limiter.AttemptAcquire())
        {
            Assert.That(blocked.IsAcquired, Is.False, "the partition is blocked for everyone");
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        using var after = limiter.AttemptAcquire();
        Assert.That(after.IsAcquired, Is.True);
    }
}
