using System.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Datagrid.Http;

/// <summary>
/// The retry rules, the same for every operation (the rate-limits guide has the table).
/// <list type="bullet">
/// <item>Retried: 429 (unless its body says <c>"retryable": false</c>), 408, 409, 5xx, connection failures and
/// per-attempt timeouts. <c>x-should-retry: true|false</c> overrides the status.</item>
/// <item>Non-idempotent methods (POST, PATCH, anything not GET/HEAD/OPTIONS/TRACE/PUT/DELETE) are retried only
/// when the server cannot have acted on the request: a 429 (Datagrid refuses over-limit requests before processing
/// them), an explicit <c>x-should-retry: true</c>, or a connection that failed before the request was written
/// (DNS, connect or TLS failure). A timeout, a dropped connection, 408, 409 or 5xx may come after the server acted,
/// and sending a POST twice could create two records.</item>
/// <item>The wait: <c>retry-after-ms</c>, else <c>Retry-After</c> seconds, else <c>Retry-After</c> HTTP-date, else
/// <c>min(InitialRetryDelay * 2^n, MaxRetryDelay)</c> with up to 25 % jitter taken off. A server wait of zero, a
/// past date, a negative or unparsable value falls back to the backoff. A server wait longer than MaxRetryAfter is
/// not waited for: the call fails at once and the exception carries the wait.</item>
/// </list>
/// </summary>
internal sealed class RetryPolicy
{
    private static readonly HashSet<HttpMethod> IdempotentMethods =
        [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Trace, HttpMethod.Put, HttpMethod.Delete];

    private readonly ClientSettings _settings;

    public RetryPolicy(ClientSettings settings) => _settings = settings;

    /// <summary>Source of jitter in [0, 1); replaceable in tests.</summary>
    internal Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    public static bool IsIdempotent(HttpMethod method) => IdempotentMethods.Contains(method);

    /// <summary>The 429 body's <c>retryable</c> flag, or null when absent or the body is not a JSON object.</summary>
    public static bool? ReadRetryable(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JToken.Parse(body) is JObject json && json["retryable"] is JValue { Type: JTokenType.Boolean } flag ? flag.Value<bool>() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public RetryDecision ForResponse(HttpMethod method, HttpResponseMessage response, bool? retryableBody, int attempt, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var reason = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.IsSuccessStatusCode)
        {
            return RetryDecision.No(reason, null);
        }

        var serverWait = RateLimitHeaders.ParseRetryAfter(Header(response.Headers, RateLimitHeaders.RetryAfterMs), Header(response.Headers, RateLimitHeaders.RetryAfter), now);
        var shouldRetry = Header(response.Headers, "x-should-retry")?.ToLowerInvariant();

        bool retry;
        string? why = null;
        if (shouldRetry == "true")
        {
            retry = true;
        }
        else if (shouldRetry == "false")
        {
            retry = false;
            why = "the server sent x-should-retry: false";
        }
        else if (status == 429 && retryableBody == false)
        {
            retry = false;
            why = "the 429 body says \"retryable\": false";
        }
        else if (status is 408 or 409 or 429 or >= 500)
        {
            retry = IsIdempotent(method) || status == 429;
            why = retry ? null : $"{method} is not idempotent and the server may have acted on it";
        }
        else
        {
            retry = false;
            why = "the status is not one that a retry can fix";
        }

        if (!retry)
        {
            return RetryDecision.No(reason, why, serverWait);
        }

        return Schedule(reason, attempt, serverWait);
    }

    public RetryDecision ForFailure(HttpMethod method, DatagridConnectionException failure, int attempt)
    {
        var timedOut = failure is DatagridTimeoutException;
        var reason = timedOut ? "timeout" : "connection_error";

        // Safe for any method: the connection never carried the request.
        var notSent = !timedOut && ConnectionFailure.NeverSent(failure.InnerException);
        if (!IsIdempotent(method) && !notSent)
        {
            return RetryDecision.No(reason, $"{method} is not idempotent and the request may have reached the server");
        }

        return Schedule(reason, attempt, serverWait: null);
    }

    /// <summary>Exponential backoff for retry number <paramref name="retry"/> (0-based), with up to 25 % taken off.</summary>
    public TimeSpan Backoff(int retry)
    {
        var initial = _settings.InitialRetryDelay.TotalMilliseconds;
        var capped = Math.Min(initial * Math.Pow(2, Math.Min(retry, 30)), _settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - (0.25 * Jitter())));
    }

    private RetryDecision Schedule(string reason, int attempt, TimeSpan? serverWait)
    {
        if (attempt > _settings.MaxRetries)
        {
            return RetryDecision.No(reason, $"all {_settings.MaxRetries + 1} attempts are used (MaxRetries = {_settings.MaxRetries})", serverWait);
        }

        if (serverWait is { } wait && wait > TimeSpan.Zero)
        {
            if (wait > _settings.MaxRetryAfter)
            {
                return RetryDecision.No(reason, "the server asked for a longer wait than MaxRetryAfter", serverWait);
            }

            return new RetryDecision(true, reason, wait, "server", serverWait, null);
        }

        return new RetryDecision(true, reason, Backoff(attempt - 1), "backoff", serverWait, null);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
