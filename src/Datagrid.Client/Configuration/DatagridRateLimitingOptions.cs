using System.Threading.RateLimiting;

namespace Datagrid;

/// <summary>
/// The client-side rate limiter (<see cref="DatagridClientOptions.RateLimiting"/>): holds requests back so they stay
/// within Datagrid's sliding-window rate limit instead of being refused with 429. Configuration keys:
/// <c>RateLimiting:Enabled</c>, <c>RateLimiting:PermitLimit</c>, <c>RateLimiting:Window</c>.
/// </summary>
public sealed class DatagridRateLimitingOptions
{
    private readonly FreezeGuard _guard;
    private bool _enabled = true;
    private int? _permitLimit;
    private TimeSpan _window = TimeSpan.FromSeconds(60);
    private PartitionedRateLimiter<HttpRequestMessage>? _limiter;

    internal DatagridRateLimitingOptions(FreezeGuard guard) => _guard = guard;

    /// <summary>
    /// Whether the client limits itself (default true). One window per teamspace, HTTP method and endpoint path
    /// template, shared by all concurrent calls of the client. The limit is learned from <c>X-RateLimit-Limit</c> (or
    /// <see cref="PermitLimit"/>) and corrected from <c>X-RateLimit-Remaining</c> and 429 responses.
    /// </summary>
    public bool Enabled { get => _enabled; set => _guard.Set(ref _enabled, value); }

    /// <summary>
    /// The limit to assume before the server has reported one (requests per <see cref="Window"/>). Null (default):
    /// until the first response arrives, one request at a time is sent. A limit the server reports in
    /// <c>X-RateLimit-Limit</c> replaces it.
    /// </summary>
    public int? PermitLimit { get => _permitLimit; set => _guard.Set(ref _permitLimit, value); }

    /// <summary>Length of the server's sliding window (default 60 s, Datagrid's documented window). Not sent in any header.</summary>
    public TimeSpan Window { get => _window; set => _guard.Set(ref _window, value); }

    /// <summary>
    /// A limiter of your own used instead of the built-in one (for example one shared by many clients or processes).
    /// Every HTTP request acquires one permit from it before being sent and disposes the lease when the response
    /// headers arrive. The request carries its path template in <c>request.Options["Datagrid.PathTemplate"]</c> and the
    /// teamspace in the <c>Datagrid-Teamspace</c> header, for partitioning. The client does not dispose it.
    /// Ignored when <see cref="Enabled"/> is false.
    /// </summary>
    public PartitionedRateLimiter<HttpRequestMessage>? Limiter { get => _limiter; set => _guard.Set(ref _limiter, value); }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{{ Enabled = {Enabled}, PermitLimit = {PermitLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(learned)"}, Window = {Window}, Limiter = {(Limiter is null ? "(built-in)" : Limiter.GetType().Name)} }}";
}
