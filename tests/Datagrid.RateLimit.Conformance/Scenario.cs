namespace Datagrid.RateLimit.Conformance;

/// <summary>The implementations of the sliding-window rules that the scenario table runs against.</summary>
public enum Implementation
{
    /// <summary>The client's in-process limiter (SlidingWindowLogLimiter).</summary>
    LocalLimiter,

    /// <summary>The Redis limiter's script, through its typed client, on a real redis-server.</summary>
    RedisLimiter,

    /// <summary>LocalServer's SlidingWindowLog: the server side.</summary>
    ServerWindow,
}

/// <summary>
/// One row of the table: the rule it checks (RULES.md), settings, and timed steps with their expected outcome. Times
/// are milliseconds from <see cref="Scenarios.Start"/>, a whole second, so header rounding is visible.
/// </summary>
/// <param name="Rule">The rule checked, e.g. "R3".</param>
/// <param name="Name">What the row shows.</param>
/// <param name="Limit">The limit assumed before a response reports one (null: unknown); for the server, its limit.</param>
/// <param name="WindowMs">The window.</param>
/// <param name="Steps">The timeline.</param>
public sealed record Scenario(string Rule, string Name, int? Limit, long WindowMs, params TimedStep[] Steps)
{
    /// <summary>The client's MaxRetryAfter: the longest server-given time waited for.</summary>
    public long MaxWaitMs { get; init; } = 60_000;

    /// <summary>Implementations that deliberately differ on this row, and why (RULES.md says so too).</summary>
    public IReadOnlyDictionary<Implementation, string> Differs { get; init; } = new Dictionary<Implementation, string>();

    /// <summary>Whether the row has steps for <paramref name="implementation"/> (limiter steps or server steps).</summary>
    public bool Applies(Implementation implementation) =>
        implementation == Implementation.ServerWindow ? Steps.Any(s => s is Arrive) : Steps.Any(s => s is not Arrive);

    public override string ToString() => $"{Rule} {Name}";
}

/// <summary>A timed step.</summary>
public abstract record TimedStep(long At);

/// <summary>A limiter is asked for a permit for request <paramref name="Id"/> (no waiting): the expected answer.</summary>
public sealed record Ask(long At, string Id, Permit Expect) : TimedStep(At);

/// <summary>
/// The response to <paramref name="Id"/> arrives with these headers (null: absent): the limiter observes it and
/// releases the permit, as the client does (a 429 blocks for its Retry-After when within MaxRetryAfter).
/// </summary>
public sealed record Answer(long At, string Id, int Status, int? Limit = null, int? Remaining = null, long? ResetAt = null, long? RetryAfterMs = null) : TimedStep(At);

/// <summary>A permit handed back before its request was sent.</summary>
public sealed record Cancel(long At, string Id) : TimedStep(At);

/// <summary>A request arrives at the server window: accepted or 429, with the headers it answers with.</summary>
public sealed record Arrive(long At, Verdict Expect) : TimedStep(At);

/// <summary>A limiter's answer: granted now, or refused with the wait until a slot may free (null: only a response can help).</summary>
public sealed record Permit(bool Granted, long? WaitMs)
{
    public static Permit Now { get; } = new(true, null);

    public static Permit UntilResponse { get; } = new(false, null);

    public static Permit After(long ms) => new(false, ms);

    public override string ToString() => Granted ? "granted" : WaitMs is { } ms ? $"refused, wait {ms} ms" : "refused until a response";
}

/// <summary>
/// The server's answer: accepted or not, <c>X-RateLimit-Remaining</c>, <c>X-RateLimit-Reset</c> (whole seconds after
/// the start) and <c>Retry-After</c> (seconds; null: not sent).
/// </summary>
public sealed record Verdict(bool Accepted, int Remaining, long ResetSeconds, long? RetryAfterSeconds);
