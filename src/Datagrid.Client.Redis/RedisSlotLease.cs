using Datagrid.RateLimiting;
using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>A slot in the shared log: the client reports the response to it, and disposing it starts the slot's window.</summary>
internal sealed class RedisSlotLease(RedisRateLimiter owner, IConnectionMultiplexer connection, RedisPartition partition, string member, long expiredAtGrant) : DatagridRateLimitLease
{
    private int _released;

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
