using Datagrid.RateLimiting;
using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>
/// A slot in the shared log: the client reports the response to it, and disposing it starts the slot's window.
/// <paramref name="waited"/>: whether the caller queued for it (the <see cref="DatagridRateLimitMetadata.Waited"/> metadata).
/// </summary>
internal sealed class RedisSlotLease(RedisRateLimiter owner, IConnectionMultiplexer connection, RedisPartition partition, string member, long expiredAtGrant, bool waited = false) : DatagridRateLimitLease
{
    private int _released;

    public override IEnumerable<string> MetadataNames => [DatagridRateLimitMetadata.Waited.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == DatagridRateLimitMetadata.Waited.Name ? waited : null;
        return metadata is not null;
    }

    public override void Observe(int statusCode, RateLimitInfo? rateLimit, TimeSpan? blockFor) =>
        owner.Observe(connection, partition, member, expiredAtGrant, statusCode, rateLimit, blockFor);

    /// <summary>Gives the slot back unused: the request was never sent, so it takes no place in the window.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            owner.Cancel(connection, partition, member);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            owner.Release(connection, partition, member);
        }

        base.Dispose(disposing);
    }
}
