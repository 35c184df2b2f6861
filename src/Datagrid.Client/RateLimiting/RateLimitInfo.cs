namespace Datagrid;

/// <summary>
/// The rate-limit state a response reported: <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c>,
/// <c>X-RateLimit-Reset</c> (epoch seconds) and the wait from <c>retry-after-ms</c> / <c>Retry-After</c>.
/// Each is null when the response did not carry it or carried garbage.
/// </summary>
/// <param name="Limit">Requests allowed per window for this path and method.</param>
/// <param name="Remaining">Requests left in the current window.</param>
/// <param name="Reset">When the window frees up again.</param>
/// <param name="RetryAfter">How long the server asked the client to wait before the next request.</param>
public sealed record RateLimitInfo(int? Limit, int? Remaining, DateTimeOffset? Reset, TimeSpan? RetryAfter);
