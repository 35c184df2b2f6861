namespace Datagrid.Client.Tests;

/// <summary>
/// A clock whose timers fire only when the test says so (<see cref="FireDueTimers"/>), so a test can put a limiter
/// in the state a real race produces: time has reached a timer's due time, but its callback has not run yet.
/// </summary>
internal sealed class HeldTimersClock : TimeProvider
{
    private readonly List<HeldTimer> _timers = [];

    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HeldTimer(this, callback, state);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Runs the callbacks of the timers due by <see cref="Now"/>.</summary>
    public void FireDueTimers()
    {
        foreach (var timer in _timers.Where(t => t.Due is { } due && due <= Now).ToList())
        {
            timer.Due = null;
            timer.Callback(timer.State);
        }
    }

    private sealed class HeldTimer(HeldTimersClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
            return true;
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
