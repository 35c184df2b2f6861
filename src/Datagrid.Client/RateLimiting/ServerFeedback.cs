namespace Datagrid.RateLimiting;

/// <summary>
/// What the server's answers teach one partition's limiter, and what it may grant because of them: the limit (R5,
/// R6), the window (R11), traffic nobody here sent (R7, R12), others' requests in flight (R13) and blocks (R8, R9) of
/// <c>RULES.md</c>. No lock and no clock: its owner (<see cref="SlidingWindowLogLimiter"/>) calls it under its lock
/// with the time, the <see cref="WindowLog"/> and its own count of permits in flight.
/// </summary>
/// <remarks>
/// Invariants (checked by the owner's CheckInvariants): the window is positive and never above the configured one
/// (I6); a response books at most the limit in unseen slots, so the log stays bounded by
/// <see cref="DatagridRateLimiter.MaxTrackedLimit"/> (I7).
/// </remarks>
internal sealed class ServerFeedback
{
    /// <summary>
    /// How much later than its estimated expiry another process's slot is taken, as a share of the window (R12): its
    /// owner frees it a window after its own response and takes it again first, so processes keep to their own slots
    /// instead of racing each other (and being refused) for every slot that frees.
    /// </summary>
    private const double OwnerGraceShare = 0.1;

    private readonly TimeSpan _maxServerWait;

    public ServerFeedback(int? limit, TimeSpan window, TimeSpan maxServerWait)
    {
        Limit = limit is > DatagridRateLimiter.MaxTrackedLimit ? null : limit;
        Unlimited = limit is > DatagridRateLimiter.MaxTrackedLimit;
        Window = window;
        ConfiguredWindow = window;
        _maxServerWait = maxServerWait;
    }

    /// <summary>The limit learned or assumed; null while unknown (one request at a time, R5).</summary>
    public int? Limit { get; private set; }

    /// <summary>Whether nothing is tracked: the server advertises no usable limit (R6).</summary>
    public bool Unlimited { get; private set; }

    /// <summary>The window in force: the configured one, or a shorter one learned (R11).</summary>
    public TimeSpan Window { get; private set; }

    /// <summary>The window the limiter was configured with.</summary>
    public TimeSpan ConfiguredWindow { get; }

    /// <summary>No permit before this (R8, R9).</summary>
    public DateTimeOffset BlockedUntil { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The limit the lock-free release may assume (0: take the lock), from the state under the lock.</summary>
    public int TrackedLimit => !Unlimited && Limit is { } limit ? limit : 0;

    /// <summary>
    /// Learns from one response to a permit granted at <paramref name="acquiredAt"/> (when the log's expired count was
    /// <paramref name="expiredAtAcquire"/>), after the permit's own release; returns how many unseen slots it booked.
    /// </summary>
    public int Observe(WindowLog log, int inFlight, long expiredAtAcquire, DateTimeOffset acquiredAt, RateLimitInfo? info, int statusCode, TimeSpan? blockFor, DateTimeOffset now)
    {
        log.Prune(now);
        if (info?.Limit is > 0 and <= DatagridRateLimiter.MaxTrackedLimit and var limit)
        {
            Limit = limit;
            Unlimited = false;
        }
        else if (info?.Limit is not null)
        {
            // 0 cannot be a real limit (nothing would ever be allowed) and one above MaxTrackedLimit cannot matter:
            // either way the header tells nothing we can pace by, so stop holding requests back (a 429 still
            // blocks the partition for its Retry-After). Never one-at-a-time for ever, never 2^31 slots.
            Unlimited = true;
            log.Clear();
        }
        else if (Limit is null && statusCode != 429)
        {
            // An answer without X-RateLimit-Limit: this endpoint advertises no limit, so do not hold requests back
            // one at a time for ever (429s still block the partition, and a later header sets the limit).
            Unlimited = true;
        }

        if (statusCode is >= 200 and < 300 && Limit is { } only && info?.Remaining == only - 1 && info.Reset is { } reset)
        {
            LearnWindow(log, reset - acquiredAt);
        }

        var booked = 0;
        if (Limit is { } known && !Unlimited && info?.Remaining is { } remaining)
        {
            // The server's count when it answered can only exceed ours by traffic we did not send: every request
            // it counted is either still in our window or expired from it since this permit was granted.
            var usedOnServer = known - Math.Min(remaining, known);
            var expiredSince = log.ExpiredTotal - expiredAtAcquire;
            var unseen = usedOnServer - expiredSince - (inFlight + log.Count);
            booked = BookUnseen(log, (int)Math.Min(unseen, known), info, now);
        }

        if (info?.Remaining == 0 && (Limit is null || Unlimited) && (info.Reset ?? now + info.RetryAfter) is { } freeAt)
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

        return booked;
    }

    /// <summary>
    /// Permits a request of <paramref name="permits"/> must find free: at most the limit, so a request for more than
    /// a (learned, possibly lowered) limit waits for an empty window instead of for ever.
    /// </summary>
    public int Needed(int permits) =>
        Unlimited ? Math.Max(1, permits)
        : Limit is { } limit ? Math.Clamp(permits, 1, limit)
        : 1;

    /// <summary>Permits free at <paramref name="now"/> (R4, R5, R8, R13); prunes the log first.</summary>
    public int Available(WindowLog log, int inFlight, DateTimeOffset now)
    {
        log.Prune(now);
        if (now < BlockedUntil)
        {
            return 0;
        }

        if (Unlimited)
        {
            return int.MaxValue;
        }

        // Unknown limit: one probe in flight at a time until a response tells us.
        return Limit is { } limit
            ? Math.Max(0, limit - inFlight - log.Count - OthersInFlight(log, inFlight))
            : Math.Max(0, 1 - inFlight);
    }

    /// <summary>When a request of <paramref name="permits"/> could next be granted, or null when only a release can help.</summary>
    public DateTimeOffset? NextChange(WindowLog log, int inFlight, int permits, DateTimeOffset now)
    {
        if (now < BlockedUntil)
        {
            return BlockedUntil;
        }

        if (Unlimited)
        {
            return now;
        }

        if (Limit is not { } limit)
        {
            return inFlight == 0 ? now : null;
        }

        var missing = permits - Math.Max(0, limit - inFlight - log.Count - OthersInFlight(log, inFlight));
        return missing < 1 ? now
            : missing > log.Count ? null
            : log.NthToFree(missing);
    }

    /// <summary>Why a permit is refused at <paramref name="now"/>.</summary>
    public string Reason(DateTimeOffset now) =>
        now < BlockedUntil ? "the server answered 429; waiting out its Retry-After"
        : Limit is null && !Unlimited ? "the limit is not known yet; one request at a time until a response tells it"
        : $"{Limit} requests per {Window.TotalSeconds:0.###} s window used up";

    /// <summary>
    /// Requests other processes probably have in flight, which no header has counted yet (R13): as many per own
    /// request in flight as their share of the window's traffic is to ours. Zero while we have nothing in flight, so it
    /// never stops the next request once ours are answered.
    /// </summary>
    private static int OthersInFlight(WindowLog log, int inFlight)
    {
        if (inFlight == 0 || log.UnseenCount == 0)
        {
            return 0;
        }

        return (int)Math.Min(int.MaxValue / 4, Math.Ceiling((double)inFlight * log.UnseenCount / (log.OwnCount + inFlight)));
    }

    private void Block(DateTimeOffset until)
    {
        if (until > BlockedUntil)
        {
            BlockedUntil = until;
        }
    }

    /// <summary>Shrinks the window to <paramref name="estimate"/> (never grows it) and moves our booked slots with it.</summary>
    private void LearnWindow(WindowLog log, TimeSpan estimate)
    {
        if (estimate <= TimeSpan.Zero || estimate >= Window)
        {
            return;
        }

        log.ShiftOwn(Window - estimate);
        Window = estimate;
    }

    /// <summary>
    /// Books <paramref name="unseen"/> slots used by traffic this limiter did not send (R7). The server's oldest entry
    /// frees at <c>X-RateLimit-Reset</c> (or after <c>Retry-After</c>) and none later than a window from now, so they
    /// are spread over that span: the first frees when the server said, not a blind window later, and a process
    /// sharing the budget with others does not book their traffic a full window ahead (it would then wait a window too
    /// long). The span is capped at MaxRetryAfter: the limiter never waits longer on a server-given time than the
    /// pipeline would.
    /// </summary>
    private int BookUnseen(WindowLog log, int unseen, RateLimitInfo? info, DateTimeOffset now)
    {
        if (unseen <= 0)
        {
            return 0;
        }

        var last = now + (_maxServerWait < Window ? _maxServerWait : Window);
        var serverTime = info?.Reset ?? (info?.RetryAfter is { } after ? now + after : (DateTimeOffset?)null);
        if (serverTime is not { } named)
        {
            for (var i = 0; i < unseen; i++)
            {
                log.BookUnseen(last);
            }

            return unseen;
        }

        var first = named < now ? now : named > last ? last : named;

        // The grace stays within the server's own time (Reset is in the future): never past it plus a window.
        var grace = Window * OwnerGraceShare;
        if (grace > named - now)
        {
            grace = named > now ? named - now : TimeSpan.Zero;
        }

        var step = (last - first) / unseen;
        for (var i = 0; i < unseen; i++)
        {
            log.BookUnseen(first + (step * i) + (i == 0 ? TimeSpan.Zero : grace));
        }

        return unseen;
    }
}
