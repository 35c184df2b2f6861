namespace Datagrid.RateLimiting;

/// <summary>
/// The pure sliding-window log of one partition: when each booked slot frees (RULES.md R3, R7). No lock and no clock:
/// every method that needs the time takes it, and its owner (<see cref="SlidingWindowLogLimiter"/>) calls it under
/// its lock.
/// </summary>
/// <remarks>
/// Own slots free a window after their response, so they arrive in order: a FIFO ring (O(1) per request, on the hot
/// path) keeps them sorted. Should the wall clock step back, a later entry sits behind an earlier one and frees with
/// it: later than it could, never earlier. Unseen slots are spread over a span and may arrive out of order, so they
/// are kept in a sorted list (bounded by MaxTrackedLimit; usually booked in ascending order, so appended). A list, not
/// a heap: the same structure on every target (.NET Standard 2.0 has no PriorityQueue), and the n-th to free is an index.
/// Invariant (checked by the owner's I1): <see cref="ExpiredTotal"/> counts every slot that left the log or was never
/// logged, so booked + expired only grows by the slots booked or counted.
/// </remarks>
internal sealed class WindowLog
{
    private readonly Queue<DateTimeOffset> _own = new();
    private readonly List<DateTimeOffset> _unseen = [];

    /// <summary>Slots that have left the log so far (expired, cleared, or released while nothing is tracked).</summary>
    public long ExpiredTotal { get; private set; }

    /// <summary>Booked slots: own and unseen.</summary>
    public int Count => _own.Count + _unseen.Count;

    /// <summary>Own booked slots (requests this limiter sent, answered within the window).</summary>
    public int OwnCount => _own.Count;

    /// <summary>Booked slots of traffic this limiter did not send.</summary>
    public int UnseenCount => _unseen.Count;

    /// <summary>Books one of our own slots until <paramref name="freeAt"/>.</summary>
    public void BookOwn(DateTimeOffset freeAt) => _own.Enqueue(freeAt);

    /// <summary>Books a slot of someone else's traffic until <paramref name="freeAt"/>.</summary>
    public void BookUnseen(DateTimeOffset freeAt)
    {
        // After any equal entries, so the common case (ascending) appends.
        var at = _unseen.Count;
        while (at > 0 && _unseen[at - 1] > freeAt)
        {
            at--;
        }

        _unseen.Insert(at, freeAt);
    }

    /// <summary>Counts released permits that are not logged (nothing is tracked) as expired at once.</summary>
    public void CountAsExpired(int permits) => ExpiredTotal += permits;

    /// <summary>Drops every booked slot (counted as expired).</summary>
    public void Clear()
    {
        ExpiredTotal += Count;
        _own.Clear();
        _unseen.Clear();
    }

    /// <summary>Drops the slots that have freed by <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_own.TryPeek(out var own) && own <= now)
        {
            _own.Dequeue();
            ExpiredTotal++;
        }

        var freed = 0;
        while (freed < _unseen.Count && _unseen[freed] <= now)
        {
            freed++;
        }

        _unseen.RemoveRange(0, freed);
        ExpiredTotal += freed;
    }

    /// <summary>Moves our own slots <paramref name="earlier"/> (the window turned out shorter; R11).</summary>
    public void ShiftOwn(TimeSpan earlier)
    {
        var slots = _own.ToArray();
        _own.Clear();
        foreach (var slot in slots)
        {
            _own.Enqueue(slot - earlier);
        }
    }

    /// <summary>When the <paramref name="n"/>-th booked slot to free does (1 = the earliest); 1 &lt;= n &lt;= <see cref="Count"/>.</summary>
    public DateTimeOffset NthToFree(int n)
    {
        if (n == 1)
        {
            return _unseen.Count == 0 ? _own.Peek()
                : _own.Count == 0 ? _unseen[0]
                : Min(_own.Peek(), _unseen[0]);
        }

        return _own.Concat(_unseen).OrderBy(slot => slot).ElementAt(n - 1);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
