using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when the code under test has started to wait, so the test
/// advances the clock only once the wait's timer exists. Advancing earlier is the race this class exists to prevent:
/// a timer created after the advance is due that much later on the fake clock, and the test hangs.
/// </summary>
/// <remarks>
/// Three rules, kept by every helper here: a timer is announced only after it exists (created, or changed, by the
/// real fake-clock timer underneath); a test waits for the timer it means (<see cref="NextDelayAsync"/> for a
/// <c>Task.Delay</c> such as a retry delay or a poll, <see cref="NextWakeUpAsync"/> for a rate limiter's wake-up),
/// never for "any timer"; every wait is bounded in real time (<see cref="Patience"/>) and fails with what it waited
/// for. Other timers (the pipeline's attempt timeouts, <c>Task.WaitAsync</c> time limits) are never announced.
/// </remarks>
internal sealed class TestClock : FakeTimeProvider
{
    /// <summary>How long, in real time, a test waits for the code under test to reach a state before failing.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();
    private readonly List<WatchedTimer> _wakeUps = [];

    public TestClock()
        : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public TestClock(DateTimeOffset start)
        : base(start)
    {
        AutoAdvanceAmount = TimeSpan.Zero;
    }

    /// <summary>Every <c>Task.Delay</c> the code under test started on this clock, in order.</summary>
    public List<TimeSpan> Delays { get; } = [];

    /// <summary>True if a <c>Task.Delay</c> was started that no test has taken with <see cref="NextDelayAsync"/>.</summary>
    public bool HasPendingDelay => _delays.Reader.Count > 0;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Task.Delay's timer carries the delay's own task (Task+DelayPromise...); a Task.WaitAsync timeout carries another
        // task type and is a time limit, not a wait, so it is not announced. On .NET Framework the delay is
        // Microsoft.Bcl.TimeProvider's TimeProviderTaskExtensions.Delay, whose timer carries its DelayState.
        var kind = IsDelay(state) ? TimerKind.Delay
            : state is not null && state.GetType().Namespace == "Datagrid.RateLimiting" ? TimerKind.WakeUp
            : TimerKind.Other;
        var watched = new WatchedTimer(this, kind, callback, state);

        // The timer first, the announcement after: a test told about a timer can advance past it at once.
        watched.Inner = base.CreateTimer(static s => ((WatchedTimer)s!).Fire(), watched, dueTime, period);
        watched.Armed(dueTime, firedBefore: 0);
        return watched;
    }

    /// <summary>
    /// Waits (real time, bounded) until the code under test starts its next <c>Task.Delay</c> on this clock (a retry
    /// delay, a throttle or poll wait), and returns its length. Each delay is returned once, in the order started.
    /// </summary>
    public async Task<TimeSpan> NextDelayAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _delays.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"No Task.Delay was started on the test clock within {Patience.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// Waits (real time, bounded) until a rate limiter's wake-up timer is set and not yet fired, and returns the time
    /// from now until the earliest one is due. Advancing by that much wakes the limiter.
    /// </summary>
    public async Task<TimeSpan> NextWakeUpAsync() =>
        await NextWakeUpAsync(static () => false).ConfigureAwait(false) ?? TimeSpan.Zero;

    /// <summary>
    /// As <see cref="NextWakeUpAsync()"/>, but returns null as soon as <paramref name="finished"/> is true (the work
    /// ended without needing the limiter again).
    /// </summary>
    public async Task<TimeSpan?> NextWakeUpAsync(Func<bool> finished)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!finished())
        {
            lock (_wakeUps)
            {
                if (_wakeUps.Count > 0)
                {
                    var due = _wakeUps.Min(t => t.Due!.Value) - GetUtcNow();
                    return due < TimeSpan.Zero ? TimeSpan.Zero : due;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"No rate limiter set its wake-up timer on the test clock within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        return null;
    }

    private static bool IsDelay(object? state) =>
        (state is Task && state.GetType().Name.StartsWith("DelayPromise", StringComparison.Ordinal))
        || (state?.GetType() is { Name: "DelayState", DeclaringType.Name: "TimeProviderTaskExtensions" });

    private void Announce(WatchedTimer timer, TimeSpan dueTime)
    {
        switch (timer.Kind)
        {
            case TimerKind.Delay:
                lock (Delays)
                {
                    Delays.Add(dueTime);
                }

                _delays.Writer.TryWrite(dueTime);
                break;
            case TimerKind.WakeUp:
                lock (_wakeUps)
                {
                    timer.Due = GetUtcNow() + dueTime;
                    if (!_wakeUps.Contains(timer))
                    {
                        _wakeUps.Add(timer);
                    }
                }

                break;
        }
    }

    private void Disarm(WatchedTimer timer)
    {
        lock (_wakeUps)
        {
            timer.Due = null;
            _wakeUps.Remove(timer);
        }
    }

    private enum TimerKind
    {
        /// <summary>A <c>Task.Delay</c> (its timer's state is the delay's own task).</summary>
        Delay,

        /// <summary>A rate limiter's own timer (its state is the limiter, in Datagrid.RateLimiting).</summary>
        WakeUp,

        /// <summary>Anything else: the pipeline's attempt timeouts, a <c>Task.WaitAsync</c> time limit.</summary>
        Other,
    }

    /// <summary>The fake clock's timer, seen by the test: which kind it is, and whether it is set.</summary>
    private sealed class WatchedTimer(TestClock clock, TimerKind kind, TimerCallback callback, object? state) : ITimer
    {
        private int _fired;

        public ITimer Inner { get; set; } = null!;

        public TimerKind Kind { get; } = kind;

        public DateTimeOffset? Due { get; set; }

        /// <summary>How often the timer has fired; read before setting it, so a timer that fired at once is not announced as set.</summary>
        public int Fired => Volatile.Read(ref _fired);

        public void Armed(TimeSpan dueTime, int firedBefore)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || (Kind == TimerKind.WakeUp && Fired != firedBefore))
            {
                clock.Disarm(this);
            }
            else
            {
                clock.Announce(this, dueTime);
            }
        }

        public void Fire()
        {
            Interlocked.Increment(ref _fired);
            clock.Disarm(this);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var firedBefore = Fired;
            var changed = Inner.Change(dueTime, period);
            Armed(dueTime, firedBefore);
            return changed;
        }

        public void Dispose()
        {
            Inner.Dispose();
            clock.Disarm(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
