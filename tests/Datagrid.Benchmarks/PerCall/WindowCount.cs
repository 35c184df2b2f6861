namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// Requests in the last second, approximated from two one-second buckets (the previous bucket weighted by how much of
/// it is still inside the window): a sliding count at the price of two interlocked operations per request.
/// </summary>
internal sealed class WindowCount
{
    private readonly Lock _roll = new();
    private long _second;
    private long _current;
    private long _previous;

    public int Add(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        if (second != Volatile.Read(ref _second))
        {
            lock (_roll)
            {
                if (second > _second)
                {
                    _previous = second == _second + 1 ? Interlocked.Read(ref _current) : 0;
                    Interlocked.Exchange(ref _current, 0);
                    Volatile.Write(ref _second, second);
                }
            }
        }

        var current = Interlocked.Increment(ref _current);
        var stillInside = 1 - ((now.ToUnixTimeMilliseconds() % 1000) / 1000.0);
        return (int)Math.Min(int.MaxValue, current + (long)(Volatile.Read(ref _previous) * stillInside));
    }
}
