using System.Threading.RateLimiting;
using Datagrid.RateLimiting;

namespace Datagrid.Redis;

/// <summary>
/// A local limiter's permit that took a real wait, marked <see cref="DatagridRateLimitMetadata.Waited"/> so the client
/// counts it (AttemptAcquire said "ask me asynchronously", so without the mark it would count as granted at once).
/// </summary>
internal sealed class WaitedLease(RateLimitLease inner) : DatagridRateLimitLease
{
    public override IEnumerable<string> MetadataNames => [.. inner.MetadataNames, DatagridRateLimitMetadata.Waited.Name];

    public override void Observe(int statusCode, RateLimitInfo? rateLimit, TimeSpan? blockFor) =>
        (inner as DatagridRateLimitLease)?.Observe(statusCode, rateLimit, blockFor);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (metadataName == DatagridRateLimitMetadata.Waited.Name)
        {
            metadata = true;
            return true;
        }

        return inner.TryGetMetadata(metadataName, out metadata);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
