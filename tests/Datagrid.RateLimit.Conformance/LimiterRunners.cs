using System.Threading.RateLimiting;
using Datagrid.RateLimiting;
using Datagrid.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Datagrid.RateLimit.Conformance;

/// <summary>Plays a row's limiter steps against one limiter and returns the permits it answered, in order.</summary>
internal interface ILimiterRunner
{
    Task<Permit> AskAsync(long at, string id);

    Task AnswerAsync(Answer answer);

    Task CancelAsync(long at, string id);

    /// <summary>After every step: the implementation's own invariants (throws when one is broken).</summary>
    void CheckInvariants();
}

/// <summary>The client's in-process limiter on a fake clock, fed as the client feeds it.</summary>
internal sealed class LocalLimiterRunner(Scenario scenario) : ILimiterRunner, IDisposable
{
    private readonly FakeTimeProvider _clock = new(Scenarios.Start);
    private readonly Dictionary<string, RateLimitLease> _leases = [];
    private SlidingWindowLogLimiter? _limiter;

    private SlidingWindowLogLimiter Limiter => _limiter ??= new SlidingWindowLogLimiter(
        scenario.Limit, TimeSpan.FromMilliseconds(scenario.WindowMs), _clock, TimeSpan.FromMilliseconds(scenario.MaxWaitMs));

    public Task<Permit> AskAsync(long at, string id)
    {
        MoveTo(at);
        var lease = Limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            _leases[id] = lease;
            return Task.FromResult(Permit.Now);
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (long?)after.TotalMilliseconds : null;
        lease.Dispose();
        return Task.FromResult(new Permit(false, wait));
    }

    public Task AnswerAsync(Answer answer)
    {
        MoveTo(answer.At);
        var lease = _leases[answer.Id];
        var info = Headers.Of(answer);
        ((DatagridRateLimitLease)lease).Observe(answer.Status, info, Headers.BlockFor(answer, scenario));
        lease.Dispose();
        return Task.CompletedTask;
    }

    public Task CancelAsync(long at, string id)
    {
        MoveTo(at);
        _leases[id].Dispose();
        return Task.CompletedTask;
    }

    public void CheckInvariants() => Limiter.CheckInvariants();

    public void Dispose() => _limiter?.Dispose();

    private void MoveTo(long at) => _clock.SetUtcNow(Scenarios.Start.AddMilliseconds(at));
}

/// <summary>The Redis limiter's script through its typed client, on the row's clock (passed as "now").</summary>
internal sealed class RedisLimiterRunner(Scenario scenario, IDatabase db) : ILimiterRunner
{
    private readonly SlidingWindowScriptClient _script = new(
        TimeSpan.FromMilliseconds(scenario.WindowMs), TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), TimeProvider.System);

    private readonly RedisPartition _partition = Partition();
    private readonly Dictionary<string, long> _expiredAtGrant = [];

    public async Task<Permit> AskAsync(long at, string id)
    {
        var result = await _script.AcquireAsync(db, _partition, scenario.Limit ?? 0, [id], Now(at));
        if (result.Granted == 1)
        {
            _expiredAtGrant[id] = result.Expired;
            return Permit.Now;
        }

        return new Permit(false, result.NextFreeMs);
    }

    public async Task AnswerAsync(Answer answer)
    {
        // As the client does: observe, then dispose the lease (release).
        await _script.ObserveAsync(db, _partition, answer.Id, _expiredAtGrant[answer.Id], answer.Status, Headers.Of(answer), Headers.BlockFor(answer, scenario), TimeSpan.FromMilliseconds(scenario.MaxWaitMs), CommandFlags.None, Now(answer.At));
        await _script.ReleaseAsync(db, _partition, answer.Id, CommandFlags.None, Now(answer.At));
    }

    public Task CancelAsync(long at, string id) => _script.CancelAsync(db, _partition, id, CommandFlags.None, Now(at));

    public void CheckInvariants()
    {
    }

    private static long Now(long at) => Scenarios.Start.ToUnixTimeMilliseconds() + at;

    private static RedisPartition Partition()
    {
        var root = $"conformance:{{{Guid.NewGuid():N}}}";
        return new RedisPartition(root + ":log", root + ":fly", root + ":meta");
    }
}

/// <summary>A row's response as the client reads it, and the block it would ask for.</summary>
internal static class Headers
{
    public static RateLimitInfo? Of(Answer answer) =>
        answer is { Limit: null, Remaining: null, ResetAt: null, RetryAfterMs: null }
            ? null
            : new RateLimitInfo(
                answer.Limit,
                answer.Remaining,
                answer.ResetAt is { } reset ? Scenarios.Start.AddMilliseconds(reset) : null,
                answer.RetryAfterMs is { } after ? TimeSpan.FromMilliseconds(after) : null);

    /// <summary>The client's rule (RateLimitGate): a 429 blocks for its Retry-After when it will sit that out.</summary>
    public static TimeSpan? BlockFor(Answer answer, Scenario scenario) =>
        answer.Status == 429 && answer.RetryAfterMs is { } after && after <= scenario.MaxWaitMs ? TimeSpan.FromMilliseconds(after) : null;
}
