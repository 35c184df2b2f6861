using System.Threading.RateLimiting;

namespace Datagrid.Client.Tests.Pipeline;

/// <summary>A limiter that always grants and counts the permits asked for.</summary>
internal sealed class CountingLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    private int _acquired;

    public int Acquired => Volatile.Read(ref _acquired);

    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount)
    {
        Interlocked.Increment(ref _acquired);
        return new Granted();
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    private sealed class Granted : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
