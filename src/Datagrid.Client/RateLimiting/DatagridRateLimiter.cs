using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Datagrid.RateLimiting;

/// <summary>
/// The client's own (local, per-process) limiter: one sliding-window log per <see cref="RateLimitPartitionKey"/>,
/// shared by every concurrent call of a client. Public so a shared limiter (Datagrid.Client.Redis) can fall back to it
/// when its store is unreachable. Its leases are <see cref="DatagridRateLimitLease"/>s.
/// </summary>
public sealed class DatagridRateLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    private readonly ConcurrentDictionary<RateLimitPartitionKey, SlidingWindowLogLimiter> _partitions = new();
    private readonly int? _limit;
    private readonly TimeSpan _window;
    private readonly TimeSpan _maxServerWait;
    private readonly TimeProvider _time;
    private LastPartition? _last;

    /// <summary>
    /// An <c>X-RateLimit-Limit</c> above this is treated as "no limit": no client sends that many per window, and
    /// tracking them would cost memory (shared with the Redis limiter's script).
    /// </summary>
    public const int MaxTrackedLimit = 100_000;

    /// <summary>Creates the limiter.</summary>
    /// <param name="limit">The limit to assume before a response reports one; null: one request at a time until then.</param>
    /// <param name="window">The server's window length (Datagrid's is 60 s; no header carries it).</param>
    /// <param name="maxServerWait">The longest server-given time (<c>X-RateLimit-Reset</c>) waited for: the client's MaxRetryAfter.</param>
    /// <param name="timeProvider">The clock.</param>
    public DatagridRateLimiter(int? limit, TimeSpan window, TimeSpan maxServerWait, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit ?? 1, 1, nameof(limit));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxServerWait, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _limit = limit;
        _window = window;
        _maxServerWait = maxServerWait;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => Partition(resource).GetStatistics();

    internal SlidingWindowLogLimiter Partition(HttpRequestMessage request)
    {
        // A client mostly sends to one partition at a time: the last one found saves hashing the key's strings
        // in the concurrent dictionary on every request.
        var key = RateLimitPartitionKey.For(request);
        if (Volatile.Read(ref _last) is { } last && last.Key == key)
        {
            return last.Limiter;
        }

        var limiter = _partitions.GetOrAdd(key, static (_, self) => new SlidingWindowLogLimiter(self._limit, self._window, self._time, self._maxServerWait), this);
        Volatile.Write(ref _last, new LastPartition(key, limiter));
        return limiter;
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount) =>
        Partition(resource).AttemptAcquire(permitCount);

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken) =>
        Partition(resource).AcquireAsync(permitCount, cancellationToken);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var partition in _partitions.Values)
            {
                partition.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private sealed record LastPartition(RateLimitPartitionKey Key, SlidingWindowLogLimiter Limiter);
}
