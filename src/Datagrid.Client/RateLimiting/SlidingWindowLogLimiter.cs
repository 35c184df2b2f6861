using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Datagrid.RateLimiting;

/// <summary>
/// A true sliding-window limiter for one (teamspace, method, path template), driven by a <see cref="TimeProvider"/>.
/// The BCL's SlidingWindowRateLimiter cannot be used: it splits the window into segments (so it is not the
/// server's sliding log), replenishes on a real timer and reads the real clock, so tests could not drive it.
/// </summary>
/// <remarks>
/// A request holds its slot from acquisition until one window after its response arrived (the lease is disposed
/// when the response headers are in). The server counts it from when it arrived, which lies between the two, so the
/// local window always frees a slot no earlier than the server's does and a request released by this limiter is
/// never one the server would refuse for our own traffic. Traffic the limiter cannot see (another process with the
/// same key) is learned from <c>X-RateLimit-Remaining</c> (see <see cref="Observe"/>); a 429 blocks the partition for
/// the server's <c>Retry-After</c>. Until the limit is known (no option, no response yet) one request at a time goes
/// out, so a burst of concurrent first calls does not overrun a limit nobody has told us.
/// No header carries the window length; it starts at the configured one (Datagrid's 60 s) and shrinks to what a
/// response that was alone in its window implies (its <c>X-RateLimit-Reset</c> minus when it was sent: an upper
/// bound of the real window, since the server's window for it started when it arrived).
/// </remarks>
internal sealed class SlidingWindowLogLimiter : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private TimeSpan _window;
    private readonly TimeSpan _configuredWindow;
    private readonly TimeSpan _maxServerWait;

    // When each counted slot frees: our own released requests, and traffic learned from headers that another process
    // sent. Together never more entries than the limit, which is at most MaxTrackedLimit, so a header cannot make
    // them grow without bound. Our own slots free a window after release, so they arrive in order: a FIFO ring (O(1)
    // per request, on the hot path) keeps them sorted. Should the wall clock step back, a later entry sits behind an
    // earlier one and frees with it: later than it could, never earlier. Unseen slots are spread over a span, so
    // they need the heap.
    private readonly Queue<DateTimeOffset> _slotsFreeAt = new();
    private readonly PriorityQueue<DateTimeOffset, DateTimeOffset> _unseenFreeAt = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private int? _limit;
    private bool _unlimited;
    private int _inFlight;
    private long _expiredTotal;

    // The lock-free release (see TryReleaseWithoutLock). Own permits ever granted and unseen slots ever booked: with
    // the expired count they give the in-flight and logged totals, so a response can be checked for unseen traffic
    // without the lock. Every permit granted is in flight, logged or expired (unrecorded and cleared ones count as
    // expired), so _inFlight + SlotCount == _acquiredTotal + _unseenTotal - _expiredTotal at all times.
    private readonly ConcurrentQueue<PendingRelease> _pending = new();
    private long _acquiredTotal;
    private long _unseenTotal;
    private volatile int _fastLimit;
    private int _waiterCount;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
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

    /// <summary>
    /// How much later than its estimated expiry another process's slot is taken, as a share of the window: its owner
    /// frees it a window after its own response and takes it again first, so processes keep to their own slots instead
    /// of racing each other (and being refused) for every slot that frees.
    /// </summary>
    private const double OwnerGraceShare = 0.1;

    public SlidingWindowLogLimiter(int? limit, TimeSpan window, TimeProvider time, TimeSpan? maxServerWait = null)
    {
        _limit = limit is > MaxTrackedLimit ? null : limit;
        _unlimited = limit is > MaxTrackedLimit;
        _window = window;
        _configuredWindow = window;
        _maxServerWait = maxServerWait ?? window;
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
                return _unlimited ? null : _limit;
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
            var available = Available(_time.GetUtcNow());
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

            Prune(now);
            if (info?.Limit is > 0 and <= MaxTrackedLimit and var limit)
            {
                _limit = limit;
                _unlimited = false;
            }
            else if (info?.Limit is { } useless)
            {
                // 0 cannot be a real limit (nothing would ever be allowed) and one above MaxTrackedLimit cannot matter:
                // either way the header tells nothing we can pace by, so stop holding requests back (a 429 still
                // blocks the partition for its Retry-After). Never one-at-a-time for ever, never 2^31 slots.
                _ = useless;
                _unlimited = true;
                _expiredTotal += SlotCount;
                _slotsFreeAt.Clear();
                _unseenFreeAt.Clear();
            }
            else if (_limit is null && statusCode != 429 && info?.Limit is null)
            {
                // An answer without X-RateLimit-Limit: this endpoint advertises no limit, so do not hold requests back
                // one at a time for ever (429s still block the partition, and a later header sets the limit).
                _unlimited = true;
            }

            if (statusCode is >= 200 and < 300 && _limit is { } only && info?.Remaining == only - 1 && info.Reset is { } reset)
            {
                LearnWindow(reset - lease.AcquiredAt);
            }

            if (_limit is { } known && !_unlimited && info?.Remaining is { } remaining)
            {
                // The server's count when it answered can only exceed ours by traffic we did not send: every request
                // it counted is either still in our window or expired from it since this lease was taken.
                var usedOnServer = known - Math.Min(remaining, known);
                var expiredSince = _expiredTotal - lease.ExpiredAtAcquire;
                var unseen = usedOnServer - expiredSince - (_inFlight + SlotCount);
                BookUnseen((int)Math.Min(unseen, known), info, now);

            }

            if (info?.Remaining == 0 && (_limit is null || _unlimited) && (info.Reset ?? now + info.RetryAfter) is { } freeAt)
            {
                // Nothing left until the server's oldest entry expires, and no limit to count slots against: wait for
                // that moment (not a blind window), never longer than the pipeline would sit out a Retry-After. With a
                // known limit the slot count does the same (BookUnseen frees the first unseen slot at Reset), and our
                // own slots free on their own, more precise, times (Reset is rounded up to a whole second).
                Block(freeAt > now + _maxServerWait ? now + _maxServerWait : freeAt);
            }

            if (blockFor is { } block && block > TimeSpan.Zero)
            {
                Block(now + block);
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
    private void SyncFastPath() => _fastLimit = !_disposed && !_unlimited && _limit is { } limit ? limit : 0;

    private void Block(DateTimeOffset until)
    {
        if (until > _blockedUntil)
        {
            _blockedUntil = until;
        }
    }

    /// <summary>The window length in force (the configured one, or a shorter one learned from the server).</summary>
    public TimeSpan Window
    {
        get
        {
            lock (_gate)
            {
                DrainPending();
                return _window;
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
                refused = new RefusedLease(Reason(now), WaitHint(Math.Max(1, permitCount), now));
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
        if (_unlimited)
        {
            // Not logged: it counts as expired at once (keeps the totals of TryReleaseWithoutLock whole).
            _expiredTotal += permits;
        }

        for (var i = 0; i < permits && !_unlimited; i++)
        {
            _slotsFreeAt.Enqueue(now + _window);
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
        if (_inFlight + SlotCount != _acquiredTotal + _unseenTotal - _expiredTotal)
        {
            return $"I1 in flight {_inFlight} + logged {SlotCount} != acquired {_acquiredTotal} + unseen {_unseenTotal} - expired {_expiredTotal}";
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
        if (_fastLimit != (!_disposed && !_unlimited && _limit is { } limit ? limit : 0))
        {
            return $"I5 fast-path limit {_fastLimit} does not match the limit in force";
        }

        // I6: a learned window only ever shrinks the configured one.
        if (_window <= TimeSpan.Zero || _window > _configuredWindow)
        {
            return $"I6 window {_window} outside (0, {_configuredWindow}]";
        }

        // I7: memory is bounded whatever the headers say: a response books at most the limit in unseen slots, less
        // what is booked already, and a limit is at most MaxTrackedLimit.
        if (_unseenFreeAt.Count > MaxTrackedLimit)
        {
            return $"I7 {_unseenFreeAt.Count} unseen slots booked, above MaxTrackedLimit";
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
        if (Available(now) < Needed(permits))
        {
            return null;
        }

        _inFlight += permits;
        Volatile.Write(ref _acquiredTotal, _acquiredTotal + permits);
        _successfulLeases++;
        return new SlotLease(this, permits, _expiredTotal, now);
    }

    /// <summary>
    /// Permits a request of <paramref name="permits"/> must find free: at most the limit, so a request for more than
    /// a (learned, possibly lowered) limit waits for an empty window instead of for ever.
    /// </summary>
    private int Needed(int permits) =>
        _unlimited ? Math.Max(1, permits)
        : _limit is { } limit ? Math.Clamp(permits, 1, limit)
        : 1;

    private int Available(DateTimeOffset now)
    {
        Prune(now);
        if (now < _blockedUntil)
        {
            return 0;
        }

        if (_unlimited)
        {
            return int.MaxValue;
        }

        // Unknown limit: one probe in flight at a time until a response tells us.
        return _limit is { } limit
            ? Math.Max(0, limit - _inFlight - SlotCount - OthersInFlight())
            : Math.Max(0, 1 - _inFlight);
    }

    /// <summary>Shrinks the window to <paramref name="estimate"/> (never grows it) and moves the recorded slots with it.</summary>
    private void LearnWindow(TimeSpan estimate)
    {
        if (estimate <= TimeSpan.Zero || estimate >= _window)
        {
            return;
        }

        var shift = _window - estimate;
        var slots = _slotsFreeAt.ToArray();
        _slotsFreeAt.Clear();
        foreach (var slot in slots)
        {
            _slotsFreeAt.Enqueue(slot - shift);
        }

        _window = estimate;
    }

    /// <summary>
    /// Books <paramref name="unseen"/> slots used by traffic this limiter did not send. The server's oldest entry frees
    /// at <c>X-RateLimit-Reset</c> (or after <c>Retry-After</c>) and none later than a window from now, so they are
    /// spread over that span: the first frees when the server said, not a blind window later, and a process
    /// sharing the budget with others does not book their traffic a full window ahead (it would then wait a window too long). The span is capped
    /// at MaxRetryAfter: the limiter never waits longer on a server-given time than the pipeline would.
    /// </summary>
    private void BookUnseen(int unseen, RateLimitInfo? info, DateTimeOffset now)
    {
        if (unseen <= 0)
        {
            return;
        }

        Volatile.Write(ref _unseenTotal, _unseenTotal + unseen);
        var last = now + (_maxServerWait < _window ? _maxServerWait : _window);
        var serverTime = info?.Reset ?? (info?.RetryAfter is { } after ? now + after : (DateTimeOffset?)null);
        if (serverTime is not { } named)
        {
            for (var i = 0; i < unseen; i++)
            {
                _unseenFreeAt.Enqueue(last, last);
            }

            return;
        }

        var first = named < now ? now : named > last ? last : named;
        // The grace stays within the server's own time (Reset is in the future): never past it plus a window.
        var grace = _window * OwnerGraceShare;
        if (grace > named - now)
        {
            grace = named > now ? named - now : TimeSpan.Zero;
        }

        var step = (last - first) / unseen;
        for (var i = 0; i < unseen; i++)
        {
            var freeAt = first + (step * i) + (i == 0 ? TimeSpan.Zero : grace);
            _unseenFreeAt.Enqueue(freeAt, freeAt);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// Requests other processes probably have in flight, which no header has counted yet: as many per own request in
    /// flight as their share of the window's traffic is to ours. Held back so that several processes filling the
    /// last free slots at once do not all overshoot (each would otherwise spend the same remaining slots). Zero while
    /// we have nothing in flight, so it never stops the next request once ours are answered.
    /// </summary>
    private int OthersInFlight()
    {
        if (_inFlight == 0 || _unseenFreeAt.Count == 0)
        {
            return 0;
        }

        return (int)Math.Min(int.MaxValue / 4, Math.Ceiling((double)_inFlight * _unseenFreeAt.Count / (_slotsFreeAt.Count + _inFlight)));
    }

    private int SlotCount => _slotsFreeAt.Count + _unseenFreeAt.Count;

    private void Prune(DateTimeOffset now)
    {
        while (_slotsFreeAt.TryPeek(out var own) && own <= now)
        {
            _slotsFreeAt.Dequeue();
            _expiredTotal++;
        }

        while (_unseenFreeAt.TryPeek(out _, out var unseen) && unseen <= now)
        {
            _unseenFreeAt.Dequeue();
            _expiredTotal++;
        }
    }

    /// <summary>When the head waiter could next be served, or null when only a release can help.</summary>
    private DateTimeOffset? NextChange(int permits, DateTimeOffset now)
    {
        if (now < _blockedUntil)
        {
            return _blockedUntil;
        }

        if (_unlimited)
        {
            return now;
        }

        if (_limit is not { } limit)
        {
            return _inFlight == 0 ? now : null;
        }

        var missing = permits - Math.Max(0, limit - _inFlight - SlotCount - OthersInFlight());
        if (missing < 1)
        {
            return now;
        }

        if (missing > SlotCount)
        {
            return null;
        }

        if (missing == 1)
        {
            return _unseenFreeAt.Count == 0 ? _slotsFreeAt.Peek()
                : _slotsFreeAt.Count == 0 ? _unseenFreeAt.Peek()
                : Min(_slotsFreeAt.Peek(), _unseenFreeAt.Peek());
        }

        return _slotsFreeAt.Concat(_unseenFreeAt.UnorderedItems.Select(e => e.Priority)).Order().ElementAt(missing - 1);
    }

    private void ScheduleTimer(DateTimeOffset now)
    {
        if (_waiters.First is not { } head || NextChange(Needed(head.Value.Permits), now) is not { } due)
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

    private TimeSpan? WaitHint(int permits, DateTimeOffset now) => NextChange(Needed(permits), now) is { } due ? due - now : null;

    private string Reason(DateTimeOffset now) =>
        now < _blockedUntil ? "the server answered 429; waiting out its Retry-After"
        : _limit is null && !_unlimited ? "the limit is not known yet; one request at a time until a response tells it"
        : $"{_limit} requests per {_window.TotalSeconds:0.###} s window used up";

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
