using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Datagrid.RateLimiting;

/// <summary>
/// The client's own limiter: one <see cref="SlidingWindowLogLimiter"/> per (teamspace, method, path template),
/// shared by every concurrent call of a client. A <see cref="PartitionedRateLimiter{TResource}"/> so that a user's
/// own limiter (DatagridClientOptions.RateLimiter) plugs into the same seam.
/// </summary>
internal sealed class DatagridRateLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    private readonly ConcurrentDictionary<RateLimitPartitionKey, SlidingWindowLogLimiter> _partitions = new();
    private readonly int? _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    public DatagridRateLimiter(int? limit, TimeSpan window, TimeProvider time)
    {
        _limit = limit;
        _window = window;
        _time = time;
    }

    public SlidingWindowLogLimiter Partition(HttpRequestMessage request) =>
        _partitions.GetOrAdd(RateLimitPartitionKey.For(request), static (_, self) => new SlidingWindowLogLimiter(self._limit, self._window, self._time), this);

    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => Partition(resource).GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount) =>
        Partition(resource).AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken) =>
        Partition(resource).AcquireAsync(permitCount, cancellationToken);

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
}
