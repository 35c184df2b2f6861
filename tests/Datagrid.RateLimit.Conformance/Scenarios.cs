using Datagrid.RateLimiting;
using static Datagrid.RateLimit.Conformance.Permit;

namespace Datagrid.RateLimit.Conformance;

/// <summary>
/// The one table of sliding-window scenarios, each row naming the rule of
/// <c>src/Datagrid.Client/RateLimiting/RULES.md</c> it checks. Limiter steps (Ask, Answer, Cancel) run against the
/// local limiter and the Redis script; server steps (Arrive) against LocalServer's window. Where an implementation
/// deliberately differs, the row says so (<see cref="Scenario.Differs"/>) and the suite shows it as skipped with the reason.
/// </summary>
public static class Scenarios
{
    /// <summary>Time zero of every row: a whole second, so whole-second header rounding is visible.</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private const long W = 10_000;

    private const string NoWindowLearning =
        "R11: the Redis limiter does not learn the window: every process books the shared log with the client's RateLimiting.Window, and a learned one would differ between processes";

    private const string NoOwnerGrace =
        "R12: the Redis limiter has no owner grace: every participant's own slots are in the shared log, so unseen traffic comes only from outside and there is no owner to yield to";

    private const string NoOthersInFlight =
        "R13: the Redis limiter needs no estimate of others in flight: every participant's requests in flight are in the shared log";

    private const string NoCancel =
        "R10: the local limiter has no cancel: a permit disposed without a response is booked for a window, since it cannot tell whether the request reached the server";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("R1", "the server accepts while fewer than the limit count, refuses uncounted, and frees a request a window after its arrival", 3, W,
            new Arrive(0, new Verdict(true, 2, 10, null)),
            new Arrive(1_000, new Verdict(true, 1, 10, null)),
            new Arrive(2_000, new Verdict(true, 0, 10, 8)),
            new Arrive(3_000, new Verdict(false, 0, 10, 7)),
            new Arrive(9_999, new Verdict(false, 0, 10, 1)),
            new Arrive(10_000, new Verdict(true, 0, 11, 1))),

        new("R2", "Reset and Retry-After are whole seconds rounded up, Retry-After at least 1 and sent only when nothing remains", 2, W,
            new Arrive(500, new Verdict(true, 1, 11, null)),
            new Arrive(600, new Verdict(true, 0, 11, 10)),
            new Arrive(10_499, new Verdict(false, 0, 11, 1))),

        new("R3", "a slot is held from its grant until a window after its response, so it frees after the server's", 1, W,
            new Ask(0, "a", Now),
            new Arrive(50, new Verdict(true, 0, 11, 10)),
            new Answer(100, "a", 204, Limit: 1, Remaining: 0, ResetAt: 11_000),
            new Arrive(10_050, new Verdict(true, 0, 21, 10)),
            new Ask(10_050, "b", After(50)),
            new Ask(10_100, "b", Now)),

        new("R4", "a permit while in flight plus booked is under the limit; else wait for the oldest booked slot, or for a response when all are in flight", 2, W,
            new Ask(0, "a", Now),
            new Ask(0, "b", Now),
            new Ask(10, "c", UntilResponse),
            new Answer(100, "a", 204, Limit: 2, Remaining: 0, ResetAt: 10_000),
            new Ask(200, "c", After(9_900)),
            new Ask(10_100, "c", Now)),

        new("R5", "while the limit is unknown one request at a time; the first response tells it", null, W,
            new Ask(0, "a", Now),
            new Ask(0, "b", UntilResponse),
            new Answer(100, "a", 204, Limit: 3, Remaining: 2, ResetAt: 10_000),
            new Ask(100, "b", Now),
            new Ask(100, "c", Now),
            new Ask(100, "d", After(10_000))),

        new("R6", "X-RateLimit-Limit: 0 means no limit", null, W,
            new Ask(0, "a", Now),
            new Answer(10, "a", 204, Limit: 0),
            new Ask(20, "b", Now),
            new Ask(20, "c", Now),
            new Ask(20, "d", Now)),

        new("R6", "a limit above MaxTrackedLimit means no limit", null, W,
            new Ask(0, "a", Now),
            new Answer(10, "a", 204, Limit: DatagridRateLimiter.MaxTrackedLimit + 1, Remaining: DatagridRateLimiter.MaxTrackedLimit),
            new Ask(20, "b", Now),
            new Ask(20, "c", Now),
            new Ask(20, "d", Now)),

        new("R6", "a response without X-RateLimit-Limit while the limit is unknown means no limit", null, W,
            new Ask(0, "a", Now),
            new Answer(10, "a", 204),
            new Ask(20, "b", Now),
            new Ask(20, "c", Now)),

        new("R6", "a 429 without X-RateLimit-Limit leaves the limit unknown", null, W,
            new Ask(0, "a", Now),
            new Answer(10, "a", 429),
            new Ask(20, "b", Now),
            new Ask(20, "c", UntilResponse)),

        new("R7", "traffic the server counted that nobody here sent is booked from Reset on, the first slot freeing at Reset", 3, W,
            new Ask(0, "a", Now),
            new Answer(1_000, "a", 204, Limit: 3, Remaining: 0, ResetAt: 5_000),
            new Ask(1_000, "b", After(4_000)),
            new Ask(5_000, "b", Now)),

        new("R7", "a slot that left the window after a grant is not booked as others' traffic", 2, W,
            new Ask(0, "x", Now),
            new Answer(100, "x", 204, Limit: 2, Remaining: 1, ResetAt: 10_000),
            new Ask(10_000, "a", Now),
            new Ask(10_100, "b", Now),
            new Answer(10_200, "a", 204, Limit: 2, Remaining: 0, ResetAt: 20_000),
            new Ask(10_200, "c", After(10_000))),

        new("R8", "a 429 blocks the whole partition for its Retry-After", 3, W,
            new Ask(0, "a", Now),
            new Answer(100, "a", 429, Limit: 3, Remaining: 0, ResetAt: 7_000, RetryAfterMs: 7_000),
            new Ask(200, "b", After(6_900)),
            new Ask(7_100, "b", Now)),

        new("R8", "a 429 whose Retry-After exceeds MaxRetryAfter does not block (the client will not sit it out)", 3, W,
            new Ask(0, "a", Now),
            new Answer(100, "a", 429, Limit: 3, RetryAfterMs: 30_000),
            new Ask(200, "b", Now)) { MaxWaitMs = 5_000 },

        new("R9", "Remaining 0 and no limit to count against: wait until Reset", null, W,
            new Ask(0, "a", Now),
            new Answer(100, "a", 204, Remaining: 0, ResetAt: 5_000),
            new Ask(200, "b", After(4_800)),
            new Ask(5_000, "b", Now),
            new Ask(5_000, "c", Now)),

        new("R9", "... but never longer than MaxRetryAfter", null, W,
            new Ask(0, "a", Now),
            new Answer(100, "a", 204, Remaining: 0, ResetAt: 5_000),
            new Ask(200, "b", After(1_900)),
            new Ask(2_100, "b", Now)) { MaxWaitMs = 2_000 },

        new("R10", "a permit handed back before its request was sent books nothing", 1, W,
            new Ask(0, "a", Now),
            new Cancel(100, "a"),
            new Ask(100, "b", Now)) { Differs = new Dictionary<Implementation, string> { [Implementation.LocalLimiter] = NoCancel } },

        new("R11", "the window shrinks to what a request alone in it implies (Reset minus its grant)", 3, W,
            new Ask(0, "a", Now),
            new Answer(200, "a", 204, Limit: 3, Remaining: 2, ResetAt: 4_000),
            new Ask(300, "b", Now),
            new Ask(300, "c", Now),
            new Ask(300, "d", After(3_900))) { Differs = new Dictionary<Implementation, string> { [Implementation.RedisLimiter] = NoWindowLearning } },

        new("R12", "unseen slots after the first free a tenth of a window later: their owner takes them again first", 3, W,
            new Ask(0, "a", Now),
            new Answer(1_000, "a", 204, Limit: 3, Remaining: 0, ResetAt: 5_000),
            new Ask(5_000, "b", Now),
            new Answer(5_000, "b", 204, Limit: 3, Remaining: 0, ResetAt: 9_000),
            new Ask(5_000, "c", After(4_000))) { Differs = new Dictionary<Implementation, string> { [Implementation.RedisLimiter] = NoOwnerGrace } },

        new("R13", "others are assumed to have requests in flight in proportion to their share of the window", 5, W,
            new Ask(0, "a", Now),
            new Answer(1_000, "a", 204, Limit: 5, Remaining: 2, ResetAt: 5_000),
            new Ask(1_000, "b", Now),
            new Ask(1_000, "c", After(4_000))) { Differs = new Dictionary<Implementation, string> { [Implementation.RedisLimiter] = NoOthersInFlight } },
    ];
}
