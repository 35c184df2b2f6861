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
/// A sliding-window server on the fake clock: Datagrid.LocalServer's window (<see cref="ServerWindow"/>), answering
/// with the headers <see cref="HeaderMode"/> lets through, read back the way the client reads them.
/// </summary>
internal sealed class SimulatedServer(TimeProvider clock, int limit, TimeSpan window, HeaderMode mode)
{
    private readonly ServerWindow _window = new(clock, limit, window);

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    /// <summary>The most requests the server counted in its window at once (never above the limit).</summary>
    public int MaxInWindow { get; private set; }

    public SimulatedAnswer Handle()
    {
        var decision = _window.TryAcquire();
        if (decision.Allowed)
        {
            Accepted++;
            MaxInWindow = Math.Max(MaxInWindow, decision.Limit - decision.Remaining);
        }
        else
        {
            Refused++;
        }

        var sent = mode switch
        {
            HeaderMode.Full => decision.Headers(),
            HeaderMode.RetryAfterOnly when !decision.Allowed => decision.Headers().Where(h => h.Key == "Retry-After"),
            _ => [],
        };
        var headers = sent.ToDictionary(h => h.Key, h => (IEnumerable<string>)[h.Value]);
        return new SimulatedAnswer(decision.Allowed ? 204 : 429, RateLimitHeaders.Parse(headers, clock.GetUtcNow()));
    }
}
