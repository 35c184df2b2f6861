using System.Globalization;

namespace Datagrid;

/// <summary>Reads rate-limit headers leniently: a missing, negative or unparsable value is null, never an exception.</summary>
internal static class RateLimitHeaders
{
    public const string Limit = "X-RateLimit-Limit";
    public const string Remaining = "X-RateLimit-Remaining";
    public const string Reset = "X-RateLimit-Reset";
    public const string RetryAfter = "Retry-After";
    public const string RetryAfterMs = "retry-after-ms";

    /// <summary>Null when none of the headers is present.</summary>
    public static RateLimitInfo? Parse(IReadOnlyDictionary<string, IEnumerable<string>> headers, DateTimeOffset now)
    {
        var lookup = new Dictionary<string, IEnumerable<string>>(headers, StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => lookup.TryGetValue(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

        var limit = NonNegativeInt(Get(Limit));
        var remaining = NonNegativeInt(Get(Remaining));
        var reset = long.TryParse(Get(Reset), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && epoch < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : (DateTimeOffset?)null;
        var retryAfter = ParseRetryAfter(Get(RetryAfterMs), Get(RetryAfter), now);
        return limit is null && remaining is null && reset is null && retryAfter is null
            ? null
            : new RateLimitInfo(limit, remaining, reset, retryAfter);
    }

    /// <summary>
    /// retry-after-ms first, then Retry-After as (possibly fractional) seconds, then as an HTTP-date (RFC 1123 only:
    /// a lenient date parser would read "23:59" as today at 23:59). A date in the
    /// past means "now" (zero); negative or garbage values mean the server said nothing usable (null).
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms))
        {
            return Clamp(TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2)));
        }

        if (string.IsNullOrEmpty(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return Clamp(TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)));
        }

        if (DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static int? NonNegativeInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
