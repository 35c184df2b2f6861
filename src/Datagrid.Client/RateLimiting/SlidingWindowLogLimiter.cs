using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Datagrid.RateLimiting;

/// <summary>
/// A true sliding-window limiter for one (teamspace, method, path template), driven by a <see cref="TimeProvider"/>:
/// the shell around the pure <see cref="WindowLog"/> and the <see cref="ServerFeedback"/> estimator, holding what
/// concurrency needs: the lock, the FIFO waiter queue, the timer that serves it, and the lock-free release.
/// The rules it implements are those of <c>RULES.md</c> in this folder.
/// The BCL's SlidingWindowRateLimiter cannot be used: it splits the window into segments (so it is not the
/// server's sliding log), replenishes on a real timer and reads the real clock, so tests could not drive it.
/// </summary>
/// <remarks>
/// Invariants (<see cref="CheckInvariants"/>, called after every step by the randomised simulation and the conformance
/// suite in Release builds; asserted in Debug builds whenever the queue is served): I1 every permit granted and every
/// unseen slot booked is in flight, logged or expired; I2 nothing is released twice; I3 the waiter count read without
/// the lock is the queue's; I4 a waiting queue has its timer armed or a permit in flight whose release will serve it;
/// I5 the lock-free release runs only with the limit in force. (I6, I7: see <see cref="ServerFeedback"/>.)
/// The waiter queue has no bound of its own: each waiter is a call the application made and awaits, so the caller's
/// concurrency bounds it (the pipeline takes one permit per HTTP request in flight); refusing a caller here would only
/// turn a wait into an error it must retry.
/// </remarks>
internal sealed class SlidingWindowLogLimiter : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly WindowLog _log = new();
    private readonly ServerFeedback _feedback;
    private readonly LinkedList<Waiter> _waiters = new();
    private int _inFlight;

    // The lock-free release (see TryReleaseWithoutLock). Own permits ever granted and unseen slots ever booked: with
    // the expired count they give the in-flight and logged totals, so a response can be checked for unseen traffic
    // without the lock. Every permit granted is in flight, logged or expired (unrecorded and cleared ones count as
    // expired), so _inFlight + _log.Count == _acquiredTotal + _unseenTotal - _log.ExpiredTotal at all times (I1).
    private readonly ConcurrentQueue<PendingRelease> _pending = new();
    private long _acquiredTotal;
    private long _unseenTotal;
    private volatile int _fastLimit;
    private int _waiterCount;
    private ITimer? _timer;

    // What the timer is set to (null: not armed), so serving the queue re-arms it only when the due time changes:
    // Timer.Change takes the timer queue's lock, and it used to run three times per request.
    private DateTimeOffset? _timerDue;
    private long _successfulLeases;
    private long _failedLeases;
    private long _idleSinceTimestamp;
    private bool _disposed;

    /// <summary>A limit above this is treated as "no limit" (R6 of RULES.md).</summary>
    public const int MaxTrackedLimit = DatagridRateLimiter.MaxTrackedLimit;

    public SlidingWindowLogLimiter(int? limit, TimeSpan window, TimeProvider time, TimeSpan? maxServerWait = null)
    {
        _feedback = new ServerFeedback(limit, window, maxServerWait ?? window);
        _time = time;
        _idleSinceTimestamp = time.GetTimestamp();
        SyncFastPath();
    }

    /// <summary>The limit in force, or null while it is unknown (one request at a time) or the server sends none.</summary>
    public int? Limit
    {
        get
        {
            lock (_gate)
            {
                DrainPending();
                return _feedback.Unlimited ? null : _feedback.Limit;
            }
        }
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                DrainPending();
                return _inFlight > 0 || _waiters.Count > 0 ? null : _time.GetElapsedTime(_idleSinceTimestamp);
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            DrainPending();
            var available = _feedback.Available(_log, _inFlight, _time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = available == int.MaxValue ? long.MaxValue : available,
                CurrentQueuedCount = _waiters.Count,
                TotalFailedLeases = _failedLeases,
                TotalSuccessfulLeases = _successfulLeases,
            };
        }
    }

    /// <summary>
    /// Feeds back what the server said about a request sent under <paramref name="lease"/>: learns the limit, adds
    /// slots used by traffic this limiter did not send, and blocks the partition for <paramref name="blockFor"/>.
    /// </summary>
    public void Observe(SlotLease lease, RateLimitInfo? info, int statusCode, TimeSpan? blockFor, bool release = false)
    {
        // Read before the lock (as everywhere here): a moment earlier than the lock holder's, which can only make a
        // slot free later, never earlier.
        var now = _time.GetUtcNow();
        if (release && TryReleaseWithoutLock(lease, info, statusCode, blockFor, now))
        {
            return;
        }

        List<Waiter>? granted;
        lock (_gate)
        {
            DrainPending();
            if (release)
            {
                // One lock for both (the client observes and releases at the same moment): the lock is this
                // limiter's hot spot when many calls run at once.
                ReleaseCore(lease.Permits, now);
            }

            var booked = _feedback.Observe(_log, _inFlight, lease.ExpiredAtAcquire, lease.AcquiredAt, info, statusCode, blockFor, now);
            if (booked > 0)
            {
                Volatile.Write(ref _unseenTotal, _unseenTotal + booked);
            }

            SyncFastPath();
            granted = _disposed ? null : ProcessQueue(now);
        }

        Complete(granted);
    }

    /// <summary>
    /// The common case of <see cref="Observe"/> without the lock, which many concurrent calls otherwise queue on: a
    /// 2xx that confirms the known limit and shows no traffic this limiter did not send. The release is queued and
    /// applied, in order, by the next holder of the lock; until then the permit counts as in flight, which uses the
    /// same room as its logged slot, so nobody is let through early. False: take the locked path.
    /// </summary>
    private bool TryReleaseWithoutLock(SlotLease lease, RateLimitInfo? info, int statusCode, TimeSpan? blockFor, DateTimeOffset now)
    {
        var limit = _fastLimit;

        // Remaining == limit - 1 may teach the window (a request alone in it): the locked path.
        if (limit == 0 || blockFor is not null || statusCode is < 200 or >= 300 || info?.Limit != limit
            || info.Remaining is not { } remaining || remaining == limit - 1)
        {
            return false;
        }

        // The locked path's unseen count, from counters that only grow: a read now is at most what the lock holder
        // would compute later, so "none" here means none there. (in flight + logged = acquired + unseen - expired.)
        var usedOnServer = limit - Math.Min(remaining, limit);
        if (usedOnServer + lease.ExpiredAtAcquire - Volatile.Read(ref _acquiredTotal) - Volatile.Read(ref _unseenTotal) > 0)
        {
            return false;
        }

        _pending.Enqueue(new PendingRelease(lease.Permits, now));

        // A caller that joined the queue meanwhile is served now (the enqueue and a joiner's count are both full
        // fences, so either it drains this release or this sees it waiting); so is a limit that changed under us.
        if (Volatile.Read(ref _waiterCount) > 0 || _fastLimit != limit)
        {
            List<Waiter>? granted;
            lock (_gate)
            {
                DrainPending();
                granted = _disposed ? null : ProcessQueue(_time.GetUtcNow());
            }

            Complete(granted);
        }

        return true;
    }

    /// <summary>Applies the releases queued without the lock, oldest first; call under the lock.</summary>
    private void DrainPending()
    {
        while (_pending.TryDequeue(out var release))
        {
            ReleaseCore(release.Permits, release.At);
        }
    }

    /// <summary>Lets <see cref="TryReleaseWithoutLock"/> run only while the limit is known and tracked; call under the lock.</summary>
    private void SyncFastPath() => _fastLimit = _disposed ? 0 : _feedback.TrackedLimit;

    /// <summary>The window length in force (the configured one, or a shorter one learned from the server).</summary>
    public TimeSpan Window
    {
        get
        {
            lock (_gate)
            {
                DrainPending();
                return _feedback.Window;
            }
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        List<Waiter>? granted;
        SlotLease? lease;
        RateLimitLease? refused = null;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DrainPending();
            granted = ProcessQueue(now);
            lease = _waiters.Count == 0 ? TryTake(permitCount, now) : null;
            if (lease is null)
            {
                _failedLeases++;
                refused = new RefusedLease(_feedback.Reason(now), WaitHint(Math.Max(1, permitCount), now));
            }
        }

        Complete(granted);
        return lease ?? refused!;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        List<Waiter>? granted;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DrainPending();
            if (_waiters.Count == 0 && TryTake(permitCount, now) is { } lease)
            {
                return new ValueTask<RateLimitLease>(lease);
            }

            // Joining the queue must also serve it: the head may be servable right now (its block or a slot ran out
            // a moment ago and the timer has not fired yet). Only scheduling the timer here switched it off in that
            // state (nothing left to wait for), and no one ever called ProcessQueue again: the queue deadlocked.
            waiter = new Waiter(permitCount);
            waiter.Node = _waiters.AddLast(waiter);

            // A full fence before draining: a lock-free release either lands in this drain or sees the waiter.
            Interlocked.Exchange(ref _waiterCount, _waiters.Count);
            DrainPending();
            granted = ProcessQueue(now);
        }

        Complete(granted);
        if (cancellationToken.CanBeCanceled && !waiter.Completion.Task.IsCompleted)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((SlidingWindowLogLimiter)((object[])state!)[0]).Cancel((Waiter)((object[])state!)[1], token),
                new object[] { this, waiter });
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing)
            {
                FailWaiters();
            }
        }
        finally
        {
            base.Dispose(disposing);
        }
    }

    private void FailWaiters()
    {
        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            SyncFastPath();
            abandoned = [.. _waiters];
            _waiters.Clear();
            Volatile.Write(ref _waiterCount, 0);
            _timer?.Dispose();
        }

        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(SlidingWindowLogLimiter)));
        }
    }

    private void Release(SlotLease lease)
    {
        List<Waiter>? granted;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            DrainPending();
            ReleaseCore(lease.Permits, now);
            granted = _disposed ? null : ProcessQueue(now);
        }

        Complete(granted);
    }

    /// <summary>The slot's window starts now; call under the lock.</summary>
    private void ReleaseCore(int permits, DateTimeOffset now)
    {
        _inFlight -= permits;
        if (_feedback.Unlimited)
        {
            // Not logged: it counts as expired at once (keeps the totals of TryReleaseWithoutLock whole).
            _log.CountAsExpired(permits);
        }
        else
        {
            var freeAt = now + _feedback.Window;
            for (var i = 0; i < permits; i++)
            {
                _log.BookOwn(freeAt);
            }
        }

        if (_inFlight == 0)
        {
            _idleSinceTimestamp = _time.GetTimestamp();
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
            Volatile.Write(ref _waiterCount, _waiters.Count);
            DrainPending();
            _failedLeases++;
            granted = ProcessQueue(_time.GetUtcNow());
        }

        waiter.Completion.TrySetCanceled(token);
        Complete(granted);
    }

    private void OnTimer()
    {
        List<Waiter>? granted;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // The one-shot timer has fired: whatever it was set to is spent.
            _timerDue = null;
            DrainPending();
            granted = ProcessQueue(_time.GetUtcNow());
        }

        Complete(granted);
    }

    /// <summary>Grants head-of-queue waiters while permits last (FIFO, so no caller starves); call under the lock.</summary>
    private List<Waiter>? ProcessQueue(DateTimeOffset now)
    {
        List<Waiter>? granted = null;
        while (_waiters.First is { } node && TryTake(node.Value.Permits, now) is { } lease)
        {
            _waiters.RemoveFirst();
            Volatile.Write(ref _waiterCount, _waiters.Count);
            node.Value.Lease = lease;
            (granted ??= []).Add(node.Value);
        }

        ScheduleTimer(now);
        Debug.Assert(InvariantViolation() is null, InvariantViolation());
        return granted;
    }

    /// <summary>
    /// Throws when one of the limiter's invariants is broken (naming it). The randomised simulation and the
    /// conformance suite call it after every step, in the Release builds the tests run; Debug builds also assert the
    /// invariants each time the queue is served.
    /// </summary>
    internal void CheckInvariants()
    {
        lock (_gate)
        {
            DrainPending();
            if (InvariantViolation() is { } broken)
            {
                throw new InvalidOperationException($"SlidingWindowLogLimiter invariant broken: {broken}");
            }
        }
    }

    /// <summary>The first invariant that does not hold, or null; call under the lock with the pending releases drained.</summary>
    private string? InvariantViolation()
    {
        // I1 (the lock-free release relies on it): every permit granted and every unseen slot booked is in flight,
        // logged or counted as expired.
        if (_inFlight + _log.Count != _acquiredTotal + _unseenTotal - _log.ExpiredTotal)
        {
            return $"I1 in flight {_inFlight} + logged {_log.Count} != acquired {_acquiredTotal} + unseen {_unseenTotal} - expired {_log.ExpiredTotal}";
        }

        // I2: permits are never released twice.
        if (_inFlight < 0)
        {
            return $"I2 in flight {_inFlight} < 0";
        }

        // I3: the waiter count the lock-free release reads is the queue's.
        if (!_disposed && Volatile.Read(ref _waiterCount) != _waiters.Count)
        {
            return $"I3 waiter count {_waiterCount} != queue length {_waiters.Count}";
        }

        // I4 (no hang): a queue with a head is either timed (the timer is armed for when it may be served) or waits
        // for a permit in flight to be released; with neither, nothing would ever serve it.
        if (!_disposed && _waiters.Count > 0 && _timerDue is null && _inFlight == 0)
        {
            return $"I4 {_waiters.Count} waiter(s), no timer armed and nothing in flight";
        }

        // I5: the lock-free release runs only while the limit is known and tracked (it would misjudge otherwise).
        if (_fastLimit != (_disposed ? 0 : _feedback.TrackedLimit))
        {
            return $"I5 fast-path limit {_fastLimit} does not match the limit in force";
        }

        // I6: a learned window only ever shrinks the configured one.
        if (_feedback.Window <= TimeSpan.Zero || _feedback.Window > _feedback.ConfiguredWindow)
        {
            return $"I6 window {_feedback.Window} outside (0, {_feedback.ConfiguredWindow}]";
        }

        // I7: memory is bounded whatever the headers say: a response books at most the limit in unseen slots, less
        // what is booked already, and a limit is at most MaxTrackedLimit.
        if (_log.UnseenCount > MaxTrackedLimit)
        {
            return $"I7 {_log.UnseenCount} unseen slots booked, above MaxTrackedLimit";
        }

        return null;
    }

    private static void Complete(List<Waiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            if (!waiter.Completion.TrySetResult(waiter.Lease!))
            {
                waiter.Lease!.Dispose();
            }
        }
    }

    private SlotLease? TryTake(int permits, DateTimeOffset now)
    {
        if (_feedback.Available(_log, _inFlight, now) < _feedback.Needed(permits))
        {
            return null;
        }

        _inFlight += permits;
        Volatile.Write(ref _acquiredTotal, _acquiredTotal + permits);
        _successfulLeases++;
        return new SlotLease(this, permits, _log.ExpiredTotal, now);
    }

    private void ScheduleTimer(DateTimeOffset now)
    {
        if (_waiters.First is not { } head || _feedback.NextChange(_log, _inFlight, _feedback.Needed(head.Value.Permits), now) is not { } due)
        {
            if (_timerDue is not null)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timerDue = null;
            }

            return;
        }

        if (due < now)
        {
            due = now;
        }

        if (_timerDue == due && due > now)
        {
            return;
        }

        _timer ??= _time.CreateTimer(static state => ((SlidingWindowLogLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due - now, Timeout.InfiniteTimeSpan);
        _timerDue = due;
    }

    private TimeSpan? WaitHint(int permits, DateTimeOffset now) =>
        _feedback.NextChange(_log, _inFlight, _feedback.Needed(permits), now) is { } due ? due - now : null;

    /// <summary>A granted slot; disposing it (when the response arrived) starts the slot's window.</summary>
    internal sealed class SlotLease : DatagridRateLimitLease
    {
        private int _released;

        public SlotLease(SlidingWindowLogLimiter owner, int permits, long expiredAtAcquire, DateTimeOffset acquiredAt)
        {
            Owner = owner;
            Permits = permits;
            ExpiredAtAcquire = expiredAtAcquire;
            AcquiredAt = acquiredAt;
        }

        /// <summary>When the slot was granted: just before the request was sent.</summary>
        public DateTimeOffset AcquiredAt { get; }

        public SlidingWindowLogLimiter Owner { get; }

        public int Permits { get; }

        /// <summary>The owner's count of expired slots when this lease was granted (for <see cref="Observe"/>).</summary>
        public long ExpiredAtAcquire { get; }

        /// <summary>Observes and, unless already released, releases: the response is in, so the slot's window starts.</summary>
        public override void Observe(int statusCode, RateLimitInfo? rateLimit, TimeSpan? blockFor) =>
            Owner.Observe(this, rateLimit, statusCode, blockFor, release: Interlocked.Exchange(ref _released, 1) == 0);

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Owner.Release(this);
            }

            base.Dispose(disposing);
        }
    }

    private sealed class RefusedLease(string reason, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [MetadataName.ReasonPhrase.Name] : [MetadataName.ReasonPhrase.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.ReasonPhrase.Name ? reason
                : metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : null;
            return metadata is not null;
        }
    }

    /// <summary>A release made without the lock: its permits' window started at <see cref="At"/>.</summary>
    private readonly record struct PendingRelease(int Permits, DateTimeOffset At);

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public SlotLease? Lease { get; set; }
    }
}
