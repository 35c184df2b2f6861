namespace Datagrid.LocalServer;

/// <summary>
/// A true sliding-window limit: each scope keeps the timestamps of the requests it accepted, and a request is
/// accepted while fewer than <c>limit</c> of them are younger than the window. (A fixed or segmented window would
/// let bursts of up to twice the limit through at a boundary, which Datagrid's documented sliding window does not.)
/// The rules (R1, R2) are those of <c>Datagrid.Client/RateLimiting/RULES.md</c>.
/// </summary>
/// <remarks>
/// Only accepted requests are counted. Datagrid does not say what it does with refused ones; counting them would
/// push the window forward every time an impatient client retries, so the <c>Retry-After</c> we just sent would
/// become a lie and a client that retries early could be locked out for good. Not counting them keeps
/// <c>Retry-After</c> truthful: waiting that long always frees a slot.
/// </remarks>
public sealed class SlidingWindowLog
{
    private readonly Dictionary<RateLimitScope, Queue<DateTimeOffset>> accepted = [];
    private readonly Lock gate = new();

    /// <summary>Creates a limit of <paramref name="limit"/> accepted requests per <paramref name="window"/>.</summary>
    public SlidingWindowLog(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Limit = limit;
        Window = window;
    }

    /// <summary>Accepted requests allowed per window.</summary>
    public int Limit { get; }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <summary>Accepts and counts the request if the scope has room at <paramref name="now"/>, else refuses it uncounted.</summary>
    public RateLimitDecision TryAcquire(RateLimitScope scope, DateTimeOffset now)
    {
        lock (gate)
        {
            var log = GetLog(scope, now, create: true)!;
            var allowed = log.Count < Limit;
            if (allowed)
            {
                log.Enqueue(now);
            }

            return Describe(log, allowed, now);
        }
    }

    /// <summary>The scope's state at <paramref name="now"/> without counting anything (for responses that are not counted).</summary>
    public RateLimitDecision Peek(RateLimitScope scope, DateTimeOffset now)
    {
        lock (gate)
        {
            var log = GetLog(scope, now, create: false);
            return Describe(log, allowed: log is null || log.Count < Limit, now);
        }
    }

    private Queue<DateTimeOffset>? GetLog(RateLimitScope scope, DateTimeOffset now, bool create)
    {
        if (!accepted.TryGetValue(scope, out var log))
        {
            if (!create)
            {
                return null;
            }

            log = new Queue<DateTimeOffset>();
            accepted[scope] = log;
        }

        // A request accepted at t counts until t + Window, exclusive.
        while (log.Count > 0 && log.Peek() + Window <= now)
        {
            log.Dequeue();
        }

        return log;
    }

    private RateLimitDecision Describe(Queue<DateTimeOffset>? log, bool allowed, DateTimeOffset now)
    {
        var count = log?.Count ?? 0;
        var reset = count > 0 ? log!.Peek() + Window : now;
        var retryAfter = reset - now;
        return new RateLimitDecision(allowed, Limit, Math.Max(0, Limit - count), reset, retryAfter);
    }
}
