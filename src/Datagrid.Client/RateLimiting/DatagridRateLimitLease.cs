using System.Threading.RateLimiting;

namespace Datagrid.RateLimiting;

/// <summary>
/// A permit that hears what the server said about the request sent under it. The client calls
/// <see cref="Observe"/> once per attempt, when the response headers are in and before it disposes the lease; a
/// limiter (the built-in one, or a shared one such as Datagrid.Client.Redis) learns the limit, traffic it did not send
/// and 429 blocks from it. Leases of other limiters are simply disposed.
/// </summary>
public abstract class DatagridRateLimitLease : RateLimitLease
{
    /// <inheritdoc />
    public override bool IsAcquired => true;

    /// <inheritdoc />
    public override IEnumerable<string> MetadataNames => [];

    /// <summary>Feeds back one response.</summary>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="rateLimit">Its <c>X-RateLimit-*</c> / <c>Retry-After</c> values, or null when it carried none.</param>
    /// <param name="blockFor">
    /// For a 429 the client will sit out: how long nobody should send on this partition (the server's wait).
    /// </param>
    public abstract void Observe(int statusCode, RateLimitInfo? rateLimit, TimeSpan? blockFor);

    /// <inheritdoc />
    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }
}
