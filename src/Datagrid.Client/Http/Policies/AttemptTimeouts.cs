using System.Collections.Concurrent;

namespace Datagrid.Http.Policies;

/// <summary>
/// Every attempt timeout of one pipeline, on one timer. Each <see cref="AttemptTimeout"/> holds its own deadline;
/// the timer is set for the earliest deadline there is and, when it fires, cancels the attempts whose deadline passed
/// and sets itself for the next earliest. All attempts of a pipeline have the same timeout, so a deadline written
/// later is never earlier than the one the timer waits for: an attempt that starts while the timer is set needs no
/// timer call at all (it only writes its deadline), and a timeout still fires at its exact time, on the client's
/// <see cref="TimeProvider"/> (tests advance a fake clock to it). Under steady traffic the timer fires about once per
/// timeout, to move on to the then-oldest attempt.
/// </summary>
internal sealed class AttemptTimeouts : IDisposable
{
    // The longest due time a timer accepts; a longer timeout just wakes once in between and re-arms.
    private static readonly TimeSpan MaxDue = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider _time;
    private readonly long _timeout;
    private readonly ITimer _timer;
    private readonly ConcurrentQueue<AttemptTimeout> _idle = new();
    private readonly Lock _growing = new();

    // One idle object per thread (of any pipeline), before the shared queue: an attempt usually ends on the thread that
    // then starts the caller's next one, and the queue's head and tail, which both cores write, cost more than the rest
    // of this class per attempt.
    [ThreadStatic]
    private static AttemptTimeout? t_spare;

    // Every AttemptTimeout made (they are pooled, so as many as the most attempts at once): what the timer scans.
    private AttemptTimeout[] _all = new AttemptTimeout[16];
    private int _count;

    // 1 while the timer is set (by the attempt that found it unset, or by the timer callback itself).
    private int _armed;
    private long _armedFor;

    public AttemptTimeouts(TimeSpan timeout, TimeProvider time)
    {
        _time = time;
        _timeout = (long)Math.Min(timeout.TotalSeconds * time.TimestampFrequency, long.MaxValue / 4);
        _timer = time.CreateTimer(static state => ((AttemptTimeouts)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>An attempt's timeout: running from now, or paused (<paramref name="paused"/>) until it is started.</summary>
    public AttemptTimeout Rent(bool paused)
    {
        var timeout = t_spare;
        if (timeout is not null && timeout.Owner == this)
        {
            t_spare = null;
        }
        else if (!_idle.TryDequeue(out timeout))
        {
            timeout = Create();
        }

        if (paused)
        {
            timeout.Set(AttemptTimeout.Paused, fromIdle: true);
        }
        else
        {
            Arm(timeout, fromIdle: true);
        }

        return timeout;
    }

    /// <summary>The attempt ended (answered, failed or timed out): its object goes back to the pool.</summary>
    public void Return(AttemptTimeout timeout)
    {
        System.Diagnostics.Debug.Assert(timeout.Owner == this, "returned to the pipeline it came from");
        timeout.End();

        // The slot keeps the latest; what it held goes back to its own pipeline's queue (so a disposed client's object
        // does not sit in a thread's slot for good).
        var previous = t_spare;
        t_spare = timeout;
        previous?.Owner._idle.Enqueue(previous);
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>Starts <paramref name="timeout"/>'s full time from now; sets the timer if nothing else has.</summary>
    internal void Arm(AttemptTimeout timeout, bool fromIdle = false)
    {
        var deadline = _time.GetTimestamp() + _timeout;
        if (timeout.Set(deadline, fromIdle) && Volatile.Read(ref _armed) == 0)
        {
            TrySetTimer(deadline);
        }
    }

    private AttemptTimeout Create()
    {
        var timeout = new AttemptTimeout(this);
        lock (_growing)
        {
            if (_count == _all.Length)
            {
                var larger = new AttemptTimeout[_all.Length * 2];
                Array.Copy(_all, larger, _count);
                Volatile.Write(ref _all, larger);
            }

            _all[_count] = timeout;
            Volatile.Write(ref _count, _count + 1);
        }

        return timeout;
    }

    private void TrySetTimer(long deadline)
    {
        if (Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
        {
            SetTimer(deadline);
        }
    }

    private void SetTimer(long deadline)
    {
        Volatile.Write(ref _armedFor, deadline);
        var due = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
        try
        {
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxDue ? MaxDue : due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The client was disposed while an attempt was still starting.
        }
    }

    private void OnTimer()
    {
        // The timer's word that the deadline it was set for has come counts even if the clock's timestamps lag it.
        var now = Math.Max(_time.GetTimestamp(), Volatile.Read(ref _armedFor));
        var next = Scan(now);
        if (next != long.MaxValue)
        {
            SetTimer(next);
            return;
        }

        // Nothing running: unset, then look once more, since an attempt that started during the scan may have seen
        // the timer still set and relied on it (the full fences on both sides make sure one of the two sees the other).
        Volatile.Write(ref _armed, 0);
        Interlocked.MemoryBarrier();
        next = Scan(long.MinValue);
        if (next != long.MaxValue)
        {
            TrySetTimer(next);
        }
    }

    /// <summary>Cancels the attempts whose deadline is at or before <paramref name="now"/>; returns the earliest other deadline.</summary>
    private long Scan(long now)
    {
        var all = Volatile.Read(ref _all);
        var count = Math.Min(Volatile.Read(ref _count), all.Length);
        var next = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var timeout = all[i];
            var deadline = timeout.Deadline;
            if (deadline is AttemptTimeout.Idle or AttemptTimeout.Paused or AttemptTimeout.Fired)
            {
                continue;
            }

            if (deadline > now)
            {
                next = Math.Min(next, deadline);
                continue;
            }

            // Read the source before claiming the deadline: once claimed, the attempt may end and replace it.
            var source = timeout.Source;
            if (timeout.TryFire(deadline))
            {
                try
                {
                    source.Cancel();
                }
                catch (AggregateException)
                {
                    // A callback registered on the attempt's token threw; the other timeouts must still fire.
                }
            }
        }

        return next;
    }
}
