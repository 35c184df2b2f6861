using Datagrid.RateLimiting;
using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>
/// The typed face of <see cref="SlidingWindowScript"/>: one method per operation (acquire, release, cancel,
/// observe), and the only place that knows the script's argument layout. The constants the script shares with the C#
/// limiter (<see cref="DatagridRateLimiter.MaxTrackedLimit"/>) are passed from here, never repeated in Lua.
/// </summary>
/// <param name="window">The window every participant books its slots for (the client's <c>RateLimiting.Window</c>).</param>
/// <param name="inFlightTimeout">How long a slot sent but never answered stays in flight (its sender may have died).</param>
/// <param name="responseTimeout">Longest wait for an answer from Redis before the call fails with a <see cref="TimeoutException"/>.</param>
/// <param name="time">The clock the timeout runs on.</param>
internal sealed class SlidingWindowScriptClient(TimeSpan window, TimeSpan inFlightTimeout, TimeSpan responseTimeout, TimeProvider time)
{
    private readonly long _windowMs = Ms(window);
    private readonly long _holdMs = Ms(inFlightTimeout);

    // Keys outlive every score in them: a slot frees at most a window plus the in-flight timeout after its grant.
    private readonly long _keepMs = Ms(window + inFlightTimeout) * 2;

    /// <summary>
    /// Asks for one slot per member in one step. <paramref name="defaultLimit"/>: the limit to assume while none has
    /// been learned (0: one request at a time). <paramref name="nowMs"/>: the time to use instead of Redis's clock
    /// (scenario tests only).
    /// </summary>
    public async Task<AcquireResult> AcquireAsync(IDatabase db, RedisPartition partition, int defaultLimit, IReadOnlyList<string> members, long? nowMs = null)
    {
        var args = Header("acquire", nowMs, 2 + members.Count);
        args[OpArgs] = _holdMs;
        args[OpArgs + 1] = defaultLimit;
        for (var i = 0; i < members.Count; i++)
        {
            args[OpArgs + 2 + i] = members[i];
        }

        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await db.ScriptEvaluateAsync(SlidingWindowScript.Source, Keys(partition), args)
                .WaitAsync(responseTimeout, time)
                .ConfigureAwait(false))!;
        }
        catch (TimeoutException)
        {
            // Given up, but a stalled Redis still runs the acquire when it wakes: cancel its grants behind it (same
            // connection, so in order), or they would hold slots nobody uses until the in-flight timeout.
            foreach (var member in members)
            {
                _ = CancelAsync(db, partition, member, CommandFlags.FireAndForget, nowMs);
            }

            throw;
        }

        var next = (long)result[2];
        return new AcquireResult((int)result[0], (long)result[1], next < 0 ? null : next);
    }

    /// <summary>The response to <paramref name="member"/> is in: its slot moves from in flight to the log for a window.</summary>
    public Task ReleaseAsync(IDatabase db, RedisPartition partition, string member, CommandFlags flags, long? nowMs = null) =>
        RunAsync(db, partition, Member("release", member, nowMs), flags);

    /// <summary>A granted slot whose request was never sent: removed, nothing logged.</summary>
    public Task CancelAsync(IDatabase db, RedisPartition partition, string member, CommandFlags flags, long? nowMs = null) =>
        RunAsync(db, partition, Member("cancel", member, nowMs), flags);

    /// <summary>
    /// What the server said about <paramref name="member"/>'s request: learns the limit, books traffic no participant
    /// sent, blocks the partition for <paramref name="blockFor"/>. <paramref name="expiredAtGrant"/>: the expired
    /// count the acquire returned; <paramref name="maxServerWait"/>: the client's MaxRetryAfter.
    /// </summary>
    public Task ObserveAsync(IDatabase db, RedisPartition partition, string member, long expiredAtGrant, int status, RateLimitInfo? info, TimeSpan? blockFor, TimeSpan maxServerWait, CommandFlags flags, long? nowMs = null)
    {
        var args = Header("observe", nowMs, 8);
        args[OpArgs] = status;
        args[OpArgs + 1] = info?.Limit is { } limit ? limit : Absent;
        args[OpArgs + 2] = info?.Remaining is { } remaining ? remaining : Absent;
        args[OpArgs + 3] = info?.Reset is { } reset ? reset.ToUnixTimeMilliseconds() : Absent;
        args[OpArgs + 4] = blockFor is { } block && block > TimeSpan.Zero ? Ms(block) : Absent;
        args[OpArgs + 5] = Ms(maxServerWait);
        args[OpArgs + 6] = member;
        args[OpArgs + 7] = expiredAtGrant;
        return RunAsync(db, partition, args, flags);
    }

    // The script's ARGV[1..5]; the op's own arguments follow from index OpArgs (ARGV[6]).
    private const int OpArgs = 5;

    // A header the response did not carry.
    private const long Absent = -1;

    private RedisValue[] Header(string op, long? nowMs, int opArgs)
    {
        var args = new RedisValue[OpArgs + opArgs];
        args[0] = op;
        args[1] = _windowMs;
        args[2] = _keepMs;
        args[3] = DatagridRateLimiter.MaxTrackedLimit;
        args[4] = nowMs is { } now ? now : RedisValue.EmptyString;
        return args;
    }

    private RedisValue[] Member(string op, string member, long? nowMs)
    {
        var args = Header(op, nowMs, 1);
        args[OpArgs] = member;
        return args;
    }

    private Task RunAsync(IDatabase db, RedisPartition partition, RedisValue[] args, CommandFlags flags)
    {
        var sent = db.ScriptEvaluateAsync(SlidingWindowScript.Source, Keys(partition), args, flags);
        return (flags & CommandFlags.FireAndForget) != 0 ? Task.CompletedTask : sent.WaitAsync(responseTimeout, time);
    }

    private static RedisKey[] Keys(RedisPartition partition) => [partition.Log, partition.InFlight, partition.Meta];

    private static long Ms(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);
}

/// <summary>An acquire's answer: slots granted (the first ones asked for), the partition's expired count, and in how many ms another slot may free (null: only when a request in flight answers).</summary>
internal readonly record struct AcquireResult(int Granted, long Expired, long? NextFreeMs);
