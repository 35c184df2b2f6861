using Datagrid.Http.Policies;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests.Pipeline;

/// <summary>
/// The pipeline's one timer for every attempt timeout (<see cref="AttemptTimeouts"/>): each attempt still times out
/// at exactly its own deadline, never before, and an attempt that ended is never cancelled.
/// </summary>
public class AttemptTimeoutsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private const int Workers = 2;
    private const int PerWorker = 3000;
    private const int HangEvery = 10;

    [Test]
    public void EachAttemptFiresAtItsOwnDeadline_NotTheFirstOnes()
    {
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);

        var first = timeouts.Rent(paused: false);
        clock.Advance(TimeSpan.FromSeconds(2));
        var second = timeouts.Rent(paused: false);
        clock.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        Assert.That(first.TimedOut, Is.False, "1 tick before the first deadline");

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Multiple(() =>
        {
            Assert.That(first.TimedOut, Is.True, "5 s after it started");
            Assert.That(second.TimedOut, Is.False, "3 s after it started");
        });

        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.That(second.TimedOut, Is.False, "1 tick before its deadline");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(second.TimedOut, Is.True, "5 s after it started");
    }

    [Test]
    public void AnAttemptThatEndedIsNeverCancelled_AndItsObjectServesTheNextWithAFreshClock()
    {
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);

        var attempt = timeouts.Rent(paused: false);
        var token = attempt.Token;
        clock.Advance(TimeSpan.FromSeconds(4));
        timeouts.Return(attempt);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(token.IsCancellationRequested, Is.False, "ended 1 s before its deadline");

        var next = timeouts.Rent(paused: false);
        Assert.That(next, Is.SameAs(attempt), "pooled");
        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.That(next.TimedOut, Is.False, "its own 5 s, from when it started");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(next.TimedOut, Is.True);
    }

    [Test]
    public void ATimedOutObjectComesBackWithAnUncancelledSource()
    {
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);

        var attempt = timeouts.Rent(paused: false);
        clock.Advance(Timeout);
        Assert.That(attempt.TimedOut, Is.True);
        timeouts.Return(attempt);

        var next = timeouts.Rent(paused: false);
        Assert.Multiple(() =>
        {
            Assert.That(next.TimedOut, Is.False);
            Assert.That(next.Token.IsCancellationRequested, Is.False);
        });
    }

    [Test]
    public void APausedAttemptDoesNotRun_AndGetsItsFullTimeOnceStarted()
    {
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);

        var attempt = timeouts.Rent(paused: true);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(attempt.TimedOut, Is.False, "waiting for a permit is not part of the attempt");

        attempt.Start();
        clock.Advance(TimeSpan.FromSeconds(3));
        attempt.Pause();
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(attempt.TimedOut, Is.False, "paused again for the next request's permit");

        attempt.Start();
        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.That(attempt.TimedOut, Is.False, "restarted: a full timeout from then");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(attempt.TimedOut, Is.True);
    }

    [Test]
    public void ALateStartOnAnObjectBackInThePoolDoesNotArmIt()
    {
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);
        var attempt = timeouts.Rent(paused: true);
        timeouts.Return(attempt);

        // A hedged request of an attempt that already ended gets its permit late.
        attempt.Start();
        clock.Advance(Timeout * 2);

        var next = timeouts.Rent(paused: true);
        Assert.That(next, Is.SameAs(attempt));
        Assert.That(next.TimedOut, Is.False, "the next attempt must not start out timed out");
    }

    [Test]
    public void TheTimerStopsWhenNothingRuns_AndStartsAgainForTheNextAttempt()
    {
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);
        timeouts.Return(timeouts.Rent(paused: false));
        clock.Advance(Timeout); // the timer fires, finds nothing running, and stops

        clock.Advance(TimeSpan.FromMinutes(1));
        var attempt = timeouts.Rent(paused: false);
        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.That(attempt.TimedOut, Is.False);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(attempt.TimedOut, Is.True, "armed again by the new attempt");
    }

    [Test]
    public void AnAttemptStartingWhileTheTimerFindsNothingElseRunning_StillFiresOnTime()
    {
        // The second attempt starts from inside the timer's callback (the first one's cancellation), while the timer
        // is still set: it relies on the timer, which then finds nothing else running and stops. Only the second look
        // after stopping (AttemptTimeouts.OnTimer) sets it again for the second attempt; without it, that attempt would
        // never time out.
        var clock = new FakeTimeProvider();
        using var timeouts = new AttemptTimeouts(Timeout, clock);
        AttemptTimeout? second = null;
        var first = timeouts.Rent(paused: false);
        using var starting = first.Token.Register(() => second = timeouts.Rent(paused: false));

        clock.Advance(Timeout);
        Assert.That(first.TimedOut, Is.True);
        Assert.That(second, Is.Not.Null.And.Property(nameof(AttemptTimeout.TimedOut)).False);

        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.That(second!.TimedOut, Is.False);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(second.TimedOut, Is.True, "5 s after it started");
    }

    [Test]
    public async Task UnderConcurrentAttemptsAndATickingClock_NoneFiresEarlyAndNoneIsMissed()
    {
        // The clock moves 1 ms a step on one thread, and its timers fire there, racing attempts that start and end on
        // two others (most at once, so the timer often stops and is set again). How late a fire is cannot be asserted
        // here (a worker preempted between reading the clock and setting the timer makes it late by the steps it
        // missed, as a real timer would be by microseconds); never early and never missed can.
        var clock = new SteppedClock();
        using var timeouts = new AttemptTimeouts(TimeSpan.FromMilliseconds(3), clock);
        using var stop = new CancellationTokenSource();
        var early = 0;
        var missed = 0;
        var fired = 0;

        var ticking = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                clock.Step();
                Thread.Yield();
            }
        });

        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                var before = clock.GetTimestamp();
                var attempt = timeouts.Rent(paused: false);
                long firedAt = 0;

                // Kept until its callback has run: a registration disposed first would be skipped by the cancellation.
                var registration = attempt.Token.Register(() => Volatile.Write(ref firedAt, clock.GetTimestamp()));
                if (i % HangEvery != 0)
                {
                    // Ends at once (it may still pass its deadline first).
                    Thread.SpinWait(20);
                }
                else
                {
                    // Hangs until cancelled (bounded in real time, so a miss fails instead of hanging the run).
                    var waited = System.Diagnostics.Stopwatch.StartNew();
                    while (!attempt.TimedOut && waited.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        await Task.Yield();
                    }

                    if (!attempt.TimedOut)
                    {
                        Interlocked.Increment(ref missed);
                    }
                }

                if (attempt.TimedOut)
                {
                    Interlocked.Increment(ref fired);

                    // The source reports cancellation before its callbacks have run: wait for ours.
                    SpinWait.SpinUntil(() => Volatile.Read(ref firedAt) != 0, TimeSpan.FromSeconds(10));

                    // The deadline is 3 ms after the clock read within Rent, so at least 3 ms after "before".
                    if (Volatile.Read(ref firedAt) < before + 3)
                    {
                        Interlocked.Increment(ref early);
                    }
                }

                await registration.DisposeAsync();
                timeouts.Return(attempt);
            }
        })).ToArray();

        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await ticking;

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero, "fired before the deadline");
            Assert.That(missed, Is.Zero, "never fired although the clock passed the deadline");
            Assert.That(fired, Is.GreaterThanOrEqualTo(Workers * PerWorker / HangEvery), "every hanging attempt timed out");
        });
    }

    /// <summary>
    /// A clock in whole milliseconds that moves only in <see cref="Step"/>, where its timers also fire: callbacks never
    /// run on another thread, and the time stands still while they run.
    /// </summary>
    private sealed class SteppedClock : TimeProvider
    {
        private readonly List<SteppedTimer> _timers = [];
        private long _now = 1;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => Volatile.Read(ref _now);

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddMilliseconds(GetTimestamp());

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new SteppedTimer(this, callback, state);
            timer.Change(dueTime, period);
            lock (_timers)
            {
                _timers.Add(timer);
            }

            return timer;
        }

        public void Step()
        {
            var now = Interlocked.Increment(ref _now);
            SteppedTimer[] timers;
            lock (_timers)
            {
                timers = [.. _timers];
            }

            foreach (var timer in timers)
            {
                if (timer.TakeDue(now))
                {
                    timer.Callback(timer.State);
                }
            }
        }

        private sealed class SteppedTimer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
        {
            private readonly Lock _gate = new();
            private long _due = long.MaxValue;

            public TimerCallback Callback { get; } = callback;

            public object? State { get; } = state;

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (_gate)
                {
                    _due = dueTime == global::System.Threading.Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetTimestamp() + (long)Math.Ceiling(dueTime.TotalMilliseconds);
                }

                return true;
            }

            public bool TakeDue(long now)
            {
                lock (_gate)
                {
                    if (_due > now)
                    {
                        return false;
                    }

                    _due = long.MaxValue;
                    return true;
                }
            }

            public void Dispose() => Change(global::System.Threading.Timeout.InfiniteTimeSpan, global::System.Threading.Timeout.InfiniteTimeSpan);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
