namespace Datagrid.LocalServer.Tests;

public class SlidingWindowLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RateLimitScope Scope = new("key", "team", "/v1/x/{id}", "DELETE");

    [Test]
    public void AcceptsUpToTheLimitThenRefuses()
    {
        var log = new SlidingWindowLog(3, TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(log.TryAcquire(Scope, T0).Remaining, Is.EqualTo(2));
            Assert.That(log.TryAcquire(Scope, T0).Remaining, Is.EqualTo(1));
            Assert.That(log.TryAcquire(Scope, T0).Remaining, Is.EqualTo(0));
            var refused = log.TryAcquire(Scope, T0.AddSeconds(1));
            Assert.That(refused.Allowed, Is.False);
            Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(9)));
            Assert.That(refused.Reset, Is.EqualTo(T0.AddSeconds(10)));
        });
    }

    [Test]
    public void SlotsFreeOneByOneAsTheirRequestsLeaveTheWindow()
    {
        // A fixed window would let all three back in at t=10; a sliding one frees only the slot used at t=0.
        var log = new SlidingWindowLog(3, TimeSpan.FromSeconds(10));
        log.TryAcquire(Scope, T0);
        log.TryAcquire(Scope, T0.AddSeconds(5));
        log.TryAcquire(Scope, T0.AddSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(log.TryAcquire(Scope, T0.AddSeconds(9.999)).Allowed, Is.False, "oldest still inside the window");
            Assert.That(log.TryAcquire(Scope, T0.AddSeconds(10)).Allowed, Is.True, "oldest left at exactly t+window");
            var next = log.TryAcquire(Scope, T0.AddSeconds(10));
            Assert.That(next.Allowed, Is.False, "the two from t=5 still count");
            Assert.That(next.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(log.TryAcquire(Scope, T0.AddSeconds(15)).Allowed, Is.True);
        });
    }

    [Test]
    public void RefusedRequestsAreNotCounted()
    {
        var log = new SlidingWindowLog(1, TimeSpan.FromSeconds(10));
        log.TryAcquire(Scope, T0);
        for (var i = 1; i < 10; i++)
        {
            Assert.That(log.TryAcquire(Scope, T0.AddSeconds(i)).Allowed, Is.False);
        }

        // Had the refusals counted, the window would be full until t=19.
        Assert.That(log.TryAcquire(Scope, T0.AddSeconds(10)).Allowed, Is.True);
    }

    [Test]
    public void ScopesHaveTheirOwnWindows()
    {
        var log = new SlidingWindowLog(1, TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(log.TryAcquire(Scope, T0).Allowed, Is.True);
            Assert.That(log.TryAcquire(Scope with { Teamspace = "other" }, T0).Allowed, Is.True);
            Assert.That(log.TryAcquire(Scope with { Token = "other" }, T0).Allowed, Is.True);
            Assert.That(log.TryAcquire(Scope with { Method = "GET" }, T0).Allowed, Is.True);
            Assert.That(log.TryAcquire(Scope with { PathTemplate = "/v1/y" }, T0).Allowed, Is.True);
            Assert.That(log.TryAcquire(Scope, T0).Allowed, Is.False);
        });
    }

    [Test]
    public void PeekDoesNotCount()
    {
        var log = new SlidingWindowLog(1, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            Assert.That(log.Peek(Scope, T0).Remaining, Is.EqualTo(1));
        }

        Assert.That(log.TryAcquire(Scope, T0).Allowed, Is.True);
    }

    [Test]
    public void RejectsNonsenseSettings()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new SlidingWindowLog(0, TimeSpan.FromSeconds(1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SlidingWindowLog(1, TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
