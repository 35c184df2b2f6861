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
        var lookup = headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => lookup.TryGetValue(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

        return Build(Get(Limit), Get(Remaining), Get(Reset), Get(RetryAfterMs), Get(RetryAfter), now);
    }

    /// <summary>
    /// The same from a response's own headers (the per-call path: most responses carry the X-RateLimit-* headers): one
    /// pass over them, no copy, and the clock is read only for a Retry-After that may be an HTTP-date.
    /// </summary>
    public static RateLimitInfo? Parse(HttpResponseMessage response, TimeProvider time)
    {
        string? limit = null, remaining = null, reset = null, retryAfterMs = null, retryAfter = null;
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            switch (name.Length)
            {
                case 17 when limit is null && name.Equals(Limit, StringComparison.OrdinalIgnoreCase):
                    limit = First(values);
                    break;
                case 21 when remaining is null && name.Equals(Remaining, StringComparison.OrdinalIgnoreCase):
                    remaining = First(values);
                    break;
                case 17 when reset is null && name.Equals(Reset, StringComparison.OrdinalIgnoreCase):
                    reset = First(values);
                    break;
                case 14 when retryAfterMs is null && name.Equals(RetryAfterMs, StringComparison.OrdinalIgnoreCase):
                    retryAfterMs = First(values);
                    break;
                case 11 when retryAfter is null && name.Equals(RetryAfter, StringComparison.OrdinalIgnoreCase):
                    retryAfter = First(values);
                    break;
            }
        }

        if (limit is null && remaining is null && reset is null && retryAfterMs is null && retryAfter is null)
        {
            return null;
        }

        return Build(limit, remaining, reset, retryAfterMs, retryAfter, retryAfter is null ? default : time.GetUtcNow());

        static string? First(System.Net.Http.Headers.HeaderStringValues values)
        {
            foreach (var value in values)
            {
                return value.Trim();
            }

            return null;
        }
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

    private static RateLimitInfo? Build(string? limitText, string? remainingText, string? resetText, string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        var limit = NonNegativeInt(limitText);
        var remaining = NonNegativeInt(remainingText);
        var reset = long.TryParse(resetText, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && epoch < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : (DateTimeOffset?)null;
        var wait = ParseRetryAfter(retryAfterMs, retryAfter, now);
        return limit is null && remaining is null && reset is null && wait is null
            ? null
            : new RateLimitInfo(limit, remaining, reset, wait);
    }

    private static TimeSpan Clamp(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static int? NonNegativeInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
