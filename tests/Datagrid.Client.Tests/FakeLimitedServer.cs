using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Datagrid.Client.Tests;

/// <summary>
/// A MockHttp responder that enforces a sliding-window limit on the fake clock the way Datagrid does (accepted
/// requests counted per window, 429 + Retry-After when full) and records when each request arrived.
/// </summary>
internal sealed class FakeLimitedServer(TimeProvider clock, int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _accepted = new();
    private readonly Lock _gate = new();

    /// <summary>Requests the server did not see, but counted against the window (another process with the key).</summary>
    public int ExternalUse { get; set; }

    public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

    public ConcurrentQueue<DateTimeOffset> AcceptedAt { get; } = new();

    public int Refused => _refused;

    public int Requests => Arrivals.Count;

    private int _refused;

    public HttpResponseMessage Handle(HttpRequestMessage request)
    {
        var now = clock.GetUtcNow();
        Arrivals.Enqueue(now);
        lock (_gate)
        {
            while (ExternalUse > 0)
            {
                _accepted.Enqueue(now);
                ExternalUse--;
            }

            while (_accepted.Count > 0 && _accepted.Peek() + window <= now)
            {
                _accepted.Dequeue();
            }

            var allowed = _accepted.Count < limit;
            if (allowed)
            {
                _accepted.Enqueue(now);
                AcceptedAt.Enqueue(now);
            }

            var remaining = limit - _accepted.Count;
            var response = allowed
                ? new HttpResponseMessage(HttpStatusCode.NoContent)
                : Responses.Status(429, Responses.RateLimitBody);
            if (!allowed)
            {
                Interlocked.Increment(ref _refused);
            }

            response.Headers.TryAddWithoutValidation("X-RateLimit-Limit", limit.ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", remaining.ToString(CultureInfo.InvariantCulture));
            if (_accepted.Count > 0)
            {
                var resetMs = (_accepted.Peek() + window).ToUnixTimeMilliseconds();
                response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", ((long)Math.Ceiling(resetMs / 1000.0)).ToString(CultureInfo.InvariantCulture));
            }

            if (remaining == 0)
            {
                var wait = _accepted.Peek() + window - now;
                response.Headers.TryAddWithoutValidation("retry-after-ms", ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture));
            }

            return response;
        }
    }

    /// <summary>The most requests accepted in any window-long span (should never exceed the limit).</summary>
    public int MaxInAnyWindow()
    {
        var times = AcceptedAt.OrderBy(t => t).ToArray();
        var max = 0;
        for (var i = 0; i < times.Length; i++)
        {
            var count = times.Skip(i).TakeWhile(t => t < times[i] + window).Count();
            max = Math.Max(max, count);
        }

        return max;
    }

    /// <summary>The most requests that arrived (accepted or not) in any window-long span.</summary>
    public int MaxSentInAnyWindow()
    {
        var times = Arrivals.OrderBy(t => t).ToArray();
        var max = 0;
        for (var i = 0; i < times.Length; i++)
        {
            max = Math.Max(max, times.Skip(i).TakeWhile(t => t < times[i] + window).Count());
        }

        return max;
    }
}
