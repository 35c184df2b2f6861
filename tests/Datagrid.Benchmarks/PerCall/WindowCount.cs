using System.Diagnostics;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// The server's sliding-window log, as Datagrid keeps one: the arrival time of every request of the last second.
/// Exact, so its <c>X-RateLimit-Remaining</c> never reports traffic the client did not send (an approximate count
/// did, now and then, and sent the limiter down its slower "someone else is sending" path, which no real single
/// client meets).
/// </summary>
internal sealed class WindowCount
{
    private static readonly long Window = Stopwatch.Frequency;
    private readonly Lock _gate = new();
    private readonly Queue<long> _arrivals = new();

    /// <summary>Logs a request arriving now; returns the requests in the window, it included, and when the oldest leaves it.</summary>
    public (int Used, DateTimeOffset OldestLeaves) Add()
    {
        var now = Stopwatch.GetTimestamp();
        long oldest;
        int used;
        lock (_gate)
        {
            while (_arrivals.TryPeek(out var first) && now - first >= Window)
            {
                _arrivals.Dequeue();
            }

            _arrivals.Enqueue(now);
            used = _arrivals.Count;
            oldest = _arrivals.Peek();
        }

        return (used, DateTimeOffset.UtcNow + Stopwatch.GetElapsedTime(now, oldest + Window));
    }
}
