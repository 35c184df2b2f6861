namespace Datagrid.LocalServer;

/// <summary>
/// The outcome of checking one request against the sliding window, with the figures the response headers carry.
/// </summary>
/// <param name="Allowed">Whether the request was accepted (and counted).</param>
/// <param name="Limit">The effective limit (<c>X-RateLimit-Limit</c>).</param>
/// <param name="Remaining">Requests still allowed in the window after this one (<c>X-RateLimit-Remaining</c>).</param>
/// <param name="Reset">When the oldest counted request leaves the window and a slot frees (<c>X-RateLimit-Reset</c>).</param>
/// <param name="RetryAfter">Time until <paramref name="Reset"/>; sent as <c>Retry-After</c> when nothing remains.</param>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset, TimeSpan RetryAfter);
