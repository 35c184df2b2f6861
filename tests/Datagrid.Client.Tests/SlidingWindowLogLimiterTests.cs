using System.Threading.RateLimiting;
using Datagrid.RateLimiting;

namespace Datagrid.Client.Tests;

/// <summary>The per-partition limiter on its own: the RateLimiter contract, driven by a fake clock.</summary>
public class SlidingWindowLogLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private TestClock _clock = null!;

    [SetUp]
    public void SetUp() => _clock = new TestClock();

    [Test]
    public void ASlotFreesOneWindowAfterItsLeaseIsReleased()
    {
        using var limiter = new SlidingWindowLogLimiter(2, Window, _clock);
        limiter.AttemptAcquire().Dispose();
        _clock.Advance(TimeSpan.FromSeconds(4));
        limiter.AttemptAcquire().Dispose();

        using var refused = limiter.AttemptAcquire();
        Assert.That(refused.IsAcquired, Is.False);
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(refused.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) ? reason : null, Does.Contain("2 requests per 10 s"));

        _clock.Advance(TimeSpan.FromSeconds(6));
        using var next = limiter.AttemptAcquire();
        Assert.That(next.IsAcquired, Is.True);
    }

    [Test]
    public void AHeldLeaseKeepsItsSlotHoweverLongTheRequestTakes()
    {
        using var limiter = new SlidingWindowLogLimiter(1, Window, _clock);
        using var held = limiter.AttemptAcquire();
        _clock.Advance(Window * 3);

        using var refused = limiter.AttemptAcquire();
        Assert.That(refused.IsAcquired, Is.False);
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out _), Is.False, "only the release can help");
    }

    [Test]
    public async Task WaitersAreServedInArrivalOrder()
    {
        using var limiter = new SlidingWindowLogLimiter(1, Window, _clock);
        limiter.AttemptAcquire().Dispose();
        var order = new List<int>();
        var waiters = Enumerable.Range(0, 3).Select(async i =>
        {
            using var lease = await limiter.AcquireAsync();
            lock (order)
            {
                order.Add(i);
            }
        }).ToArray();

        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(Window);
            await Eventually.That(() => { lock (order) { return order.Count == i + 1; } });
        }

        await Task.WhenAll(waiters);
        Assert.That(order, Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void StatisticsReportPermitsQueueAndLeases()
    {
        using var limiter = new SlidingWindowLogLimiter(3, Window, _clock);
        using var a = limiter.AttemptAcquire();
        var stats = limiter.GetStatistics()!;

        Assert.That(stats.CurrentAvailablePermits, Is.EqualTo(2));
        Assert.That(stats.TotalSuccessfulLeases, Is.EqualTo(1));
        Assert.That(limiter.IdleDuration, Is.Null, "a lease is out");
    }

    [Test]
    public void DisposingFailsTheWaiters()
    {
        var limiter = new SlidingWindowLogLimiter(1, Window, _clock);
        using var held = limiter.AttemptAcquire();
        var waiting = limiter.AcquireAsync().AsTask();

        limiter.Dispose();

        Assert.That(async () => await waiting, Throws.InstanceOf<ObjectDisposedException>());
    }
}
