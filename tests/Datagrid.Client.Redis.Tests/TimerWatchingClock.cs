using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Redis.Tests;

/// <summary>
/// A fake clock that tells when a timer of a given due time exists, so a test advances the clock only once the wait
/// it means (a Redis timeout, a probe's pause) is armed: advancing earlier would move the timer's start instead.
/// </summary>
internal sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _watched = new();

    /// <summary>Completes when the next timer due <paramref name="due"/> from its creation has been created.</summary>
    public Task Armed(TimeSpan due) =>
        _watched.GetOrAdd(due, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (_watched.TryRemove(dueTime, out var armed))
        {
            armed.TrySetResult();
        }

        return timer;
    }
}
