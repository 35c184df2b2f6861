using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every one-shot delay the client starts (Task.Delay with a
/// TimeProvider creates a timer with that due time), so a test can see exactly how long the client chose to wait and
/// then advance the fake clock past it. Per-attempt timeout timers (<see cref="AttemptTimeout"/>) are not reported.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    /// <summary>The per-attempt timeout tests configure; timers with this due time are the timeout, not a wait.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(45);

    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public TestClock()
        : base(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
        AutoAdvanceAmount = TimeSpan.Zero;
    }

    /// <summary>Every wait the client started, in order.</summary>
    public List<TimeSpan> Delays { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime != AttemptTimeout && period == Timeout.InfiniteTimeSpan)
        {
            lock (Delays)
            {
                Delays.Add(dueTime);
            }

            _delays.Writer.TryWrite(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time, bounded) until the client starts its next delay, and returns its length.</summary>
    public async Task<TimeSpan> NextDelayAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await _delays.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException("The client never started a wait.");
        }
    }

    /// <summary>True if the client started a wait that no test has taken with <see cref="NextDelayAsync"/>.</summary>
    public bool HasPendingDelay => _delays.Reader.Count > 0;
}
