namespace Datagrid.Client.Tests.Simulation;

/// <summary>What the simulated server tells clients about its limit.</summary>
internal enum HeaderMode
{
    /// <summary>X-RateLimit-Limit, -Remaining, -Reset on every answer; Retry-After whenever nothing remains (Datagrid's documented behaviour).</summary>
    Full,

    /// <summary>Only a Retry-After on 429s.</summary>
    RetryAfterOnly,

    /// <summary>Nothing: 429s without any header, so clients back off blindly.</summary>
    None,
}

/// <summary>One answer of the simulated server.</summary>
internal readonly record struct SimulatedAnswer(int Status, RateLimitInfo? Info);

/// <summary>
/// A sliding-window server on the fake clock, as Datagrid documents it and as Datagrid.LocalServer implements it:
/// accepted requests are counted for one window; refused ones are not; Reset is the oldest entry's expiry, rounded up
/// to whole epoch seconds.
/// </summary>
internal sealed class SimulatedServer(TimeProvider clock, int limit, TimeSpan window, HeaderMode mode)
{
    private readonly Queue<DateTimeOffset> _accepted = new();

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    /// <summary>Checks that no window-long span ever held more than the limit.</summary>
    public int MaxInWindow { get; private set; }

    public SimulatedAnswer Handle()
    {
        var now = clock.GetUtcNow();
        while (_accepted.Count > 0 && _accepted.Peek() + window <= now)
        {
            _accepted.Dequeue();
        }

        var allowed = _accepted.Count < limit;
        if (allowed)
        {
            _accepted.Enqueue(now);
            Accepted++;
            MaxInWindow = Math.Max(MaxInWindow, _accepted.Count);
        }
        else
        {
            Refused++;
        }

        var remaining = limit - _accepted.Count;
        var oldestExpiry = _accepted.Count > 0 ? _accepted.Peek() + window : now;
        var reset = DateTimeOffset.FromUnixTimeSeconds((long)Math.Ceiling(oldestExpiry.ToUnixTimeMilliseconds() / 1000.0));
        var retryAfter = TimeSpan.FromSeconds(Math.Ceiling((oldestExpiry - now).TotalSeconds));
        var info = mode switch
        {
            HeaderMode.Full => new RateLimitInfo(limit, remaining, reset, remaining == 0 ? retryAfter : null),
            HeaderMode.RetryAfterOnly when !allowed => new RateLimitInfo(null, null, null, retryAfter),
            _ => null,
        };
        return new SimulatedAnswer(allowed ? 204 : 429, info);
    }
}
