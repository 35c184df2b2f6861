using System.Collections.Concurrent;
using System.Net;

namespace Datagrid.Client.Tests;

/// <summary>
/// A MockHttp responder with the local server's sliding-window limit on the fake clock (<see cref="ServerWindow"/>):
/// 204 with the rate-limit headers while the window has room, 429 with them when it is full. Records when each
/// request arrived and when each was accepted.
/// </summary>
internal sealed class FakeLimitedServer(TimeProvider clock, int limit, TimeSpan window)
{
    private readonly ServerWindow _window = new(clock, limit, window);
    private readonly Lock _gate = new();
    private int _refused;

    /// <summary>Requests the server did not see, but counted against the window (another process with the key).</summary>
    public int ExternalUse { get; set; }

    public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

    public ConcurrentQueue<DateTimeOffset> AcceptedAt { get; } = new();

    public int Refused => Volatile.Read(ref _refused);

    public int Requests => Arrivals.Count;

    public HttpResponseMessage Handle(HttpRequestMessage request)
    {
        var now = clock.GetUtcNow();
        Arrivals.Enqueue(now);
        lock (_gate)
        {
            // The other process's requests reach the server first, in the same instant.
            for (; ExternalUse > 0; ExternalUse--)
            {
                _window.TryAcquire();
            }

            var decision = _window.TryAcquire();
            HttpResponseMessage response;
            if (decision.Allowed)
            {
                AcceptedAt.Enqueue(now);
                response = new HttpResponseMessage(HttpStatusCode.NoContent);
            }
            else
            {
                Interlocked.Increment(ref _refused);
                response = Responses.Status(429, Responses.RateLimitBody);
            }

            foreach (var (name, value) in decision.Headers())
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }
    }

    /// <summary>The most requests accepted in any window-long span (should never exceed the limit).</summary>
    public int MaxInAnyWindow() => MaxInAnySpan(AcceptedAt);

    /// <summary>The most requests that arrived (accepted or not) in any window-long span.</summary>
    public int MaxSentInAnyWindow() => MaxInAnySpan(Arrivals);

    // A check of what happened, counted from the record (not from the window that decided it).
    private int MaxInAnySpan(IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.Order().ToArray();
        var max = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            max = Math.Max(max, sorted.Skip(i).TakeWhile(t => t < sorted[i] + window).Count());
        }

        return max;
    }
}
