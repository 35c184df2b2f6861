using System.Globalization;

namespace Datagrid.LocalServer;

/// <summary>
/// The outcome of checking one request against the sliding window, with the figures the response headers carry.
/// </summary>
/// <param name="Allowed">Whether the request was accepted (and counted).</param>
/// <param name="Limit">The effective limit (<c>X-RateLimit-Limit</c>).</param>
/// <param name="Remaining">Requests still allowed in the window after this one (<c>X-RateLimit-Remaining</c>).</param>
/// <param name="Reset">When the oldest counted request leaves the window and a slot frees (<c>X-RateLimit-Reset</c>).</param>
/// <param name="RetryAfter">Time until <paramref name="Reset"/>; sent as <c>Retry-After</c> when nothing remains.</param>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset, TimeSpan RetryAfter)
{
    /// <summary>
    /// <see cref="Reset"/> as <c>X-RateLimit-Reset</c> says it: whole epoch seconds, rounded up, so a client that waits
    /// until then finds the slot free.
    /// </summary>
    public long ResetEpochSeconds => CeilingSeconds(Reset.ToUnixTimeMilliseconds());

    /// <summary>
    /// <see cref="RetryAfter"/> as <c>Retry-After</c> says it: whole seconds, rounded up and at least 1, so a client that
    /// waits exactly this long finds a free slot.
    /// </summary>
    public long RetryAfterSeconds => Math.Max(1, CeilingSeconds((long)Math.Ceiling(RetryAfter.TotalMilliseconds)));

    /// <summary>
    /// The rate-limit headers of a response carrying this decision, as the local server sends them: the limit,
    /// remaining and reset always; <c>Retry-After</c> whenever nothing remains (on a 429 and on the request that used
    /// the last slot), as Datagrid documents.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new("X-RateLimit-Limit", Limit.ToString(CultureInfo.InvariantCulture));
        yield return new("X-RateLimit-Remaining", Remaining.ToString(CultureInfo.InvariantCulture));
        yield return new("X-RateLimit-Reset", ResetEpochSeconds.ToString(CultureInfo.InvariantCulture));
        if (Remaining == 0)
        {
            yield return new("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static long CeilingSeconds(long milliseconds) => (long)Math.Ceiling(milliseconds / 1000.0);
}
