using System.Threading.RateLimiting;

namespace Datagrid.RateLimiting;

/// <summary>
/// Lease metadata a limiter plugged into <c>RateLimiting.Limiter</c> can set so the client counts and logs only real
/// waits (the <c>datagrid.client.throttle_waits</c> metric and the <c>ThrottleWaited</c> log).
/// </summary>
public static class DatagridRateLimitMetadata
{
    /// <summary>
    /// On a lease refused by <c>AttemptAcquire</c>: true means nothing was refused, the limiter answers only from
    /// <c>AcquireAsync</c> (e.g. it asks a shared store it must not block on). The client then counts a wait only
    /// when the lease <c>AcquireAsync</c> returns says <see cref="Waited"/>.
    /// </summary>
    public static MetadataName<bool> AnswersAsynchronously { get; } = MetadataName.Create<bool>("Datagrid.AnswersAsynchronously");

    /// <summary>
    /// On a lease from <c>AcquireAsync</c> after <see cref="AnswersAsynchronously"/>: true when the call waited for a
    /// slot to free (or a block to end), false when it was granted at once (one round trip to the store).
    /// </summary>
    public static MetadataName<bool> Waited { get; } = MetadataName.Create<bool>("Datagrid.Waited");
}
