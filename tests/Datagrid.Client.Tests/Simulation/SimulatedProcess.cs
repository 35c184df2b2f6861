using System.Threading.RateLimiting;
using Datagrid.RateLimiting;

namespace Datagrid.Client.Tests.Simulation;

/// <summary>
/// One worker process: its own limiter and <c>concurrency</c> callers deleting its ids, each doing what the client's
/// pipeline does (acquire, send, feed the response back, release; after a 429 block the partition for Retry-After
/// and retry after it, else back off). Driven step by step on the fake clock, without threads, so a seed replays.
/// </summary>
internal sealed class SimulatedProcess : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly SimulatedServer _server;
    private readonly Random _random;
    private readonly TimeSpan _maxLatency;
    private readonly Caller[] _callers;
    private int _ids;

    public SimulatedProcess(int index, int ids, int concurrency, SlidingWindowLogLimiter limiter, TimeProvider clock, SimulatedServer server, Random random, TimeSpan maxLatency)
    {
        Index = index;
        _ids = ids;
        TotalIds = ids;
        Limiter = limiter;
        _clock = clock;
        _server = server;
        _random = random;
        _maxLatency = maxLatency;
        _callers = Enumerable.Range(0, concurrency).Select(_ => new Caller()).ToArray();
        LastGrant = clock.GetUtcNow();
    }

    public int Index { get; }

    public SlidingWindowLogLimiter Limiter { get; }

    public int Done { get; private set; }

    public int Sent { get; private set; }

    public int Refused { get; private set; }

    /// <summary>When each refusal arrived.</summary>
    public List<DateTimeOffset> RefusedAt { get; } = [];

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>The latest time a server answer named (Reset, or now + Retry-After).</summary>
    public DateTimeOffset LatestServerTime { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>When this process last got a permit.</summary>
    public DateTimeOffset LastGrant { get; private set; }

    /// <summary>Since when some caller has been waiting for the limiter without any permit granted (null: none waiting).</summary>
    public DateTimeOffset? WaitingSince { get; private set; }

    public bool Finished => FinishedAt is not null;

    /// <summary>
    /// The latest moment a waiting caller may still be waiting: every slot this process booked frees at most a window
    /// after the response of the last permit granted, and every block ends at a server-given time.
    /// </summary>
    public DateTimeOffset ProgressDeadline(TimeSpan window) =>
        Max(Max(LastGrant + _maxLatency, LatestServerTime), WaitingSince ?? DateTimeOffset.MinValue) + window;

    public void Step()
    {
        var now = _clock.GetUtcNow();
        var anyWaiting = false;
        foreach (var caller in _callers)
        {
            StepCaller(caller, now);
            anyWaiting |= caller.Pending is not null;
        }

        if (!anyWaiting)
        {
            WaitingSince = null;
        }
        else
        {
            WaitingSince ??= now;
        }

        if (FinishedAt is null && Done == TotalIds && _callers.All(c => c.Lease is null && c.Pending is null))
        {
            FinishedAt = now;
        }
    }

    public int TotalIds { get; }

    public void Dispose() => Limiter.Dispose();

    private void StepCaller(Caller caller, DateTimeOffset now)
    {
        if (caller.Lease is { } lease)
        {
            if (now < caller.RespondAt)
            {
                return;
            }

            var answer = caller.Answer;
            TimeSpan? block = answer.Status == 429 ? answer.Info?.RetryAfter : null;
            if (answer.Info is { } info)
            {
                var named = info.Reset ?? DateTimeOffset.MinValue;
                if (info.RetryAfter is { } after && now + after > named)
                {
                    named = now + after;
                }

                LatestServerTime = Max(LatestServerTime, named);
            }

            lease.Observe(answer.Status, answer.Info, block);
            lease.Dispose();
            caller.Lease = null;
            if (answer.Status == 204)
            {
                Done++;
                caller.Busy = false;
                caller.Attempt = 0;
            }
            else
            {
                Refused++;
                RefusedAt.Add(now);
                caller.Attempt++;
                caller.RetryAt = now + (block ?? TimeSpan.FromSeconds(Math.Min(0.5 * Math.Pow(2, caller.Attempt - 1), 8)));
            }
        }

        if (caller.Pending is { } pending)
        {
            if (!pending.IsCompleted)
            {
                return;
            }

            caller.Pending = null;
            Send(caller, (DatagridRateLimitLease)pending.Result, now);
            return;
        }

        if (!caller.Busy)
        {
            if (_ids == 0)
            {
                return;
            }

            _ids--;
            caller.Busy = true;
            caller.RetryAt = now;
        }

        if (now < caller.RetryAt)
        {
            return;
        }

        var attempt = Limiter.AttemptAcquire();
        if (attempt.IsAcquired)
        {
            Send(caller, (DatagridRateLimitLease)attempt, now);
            return;
        }

        attempt.Dispose();
        caller.Pending = Limiter.AcquireAsync().AsTask();
        if (caller.Pending.IsCompleted)
        {
            var granted = caller.Pending.Result;
            caller.Pending = null;
            Send(caller, (DatagridRateLimitLease)granted, now);
        }
    }

    private void Send(Caller caller, DatagridRateLimitLease lease, DateTimeOffset now)
    {
        Assert.That(lease.IsAcquired, Is.True);
        LastGrant = now;
        WaitingSince = null;
        Sent++;
        caller.Lease = lease;
        caller.Answer = _server.Handle();
        caller.RespondAt = now + TimeSpan.FromMilliseconds(_random.Next(1, (int)_maxLatency.TotalMilliseconds + 1));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class Caller
    {
        public bool Busy { get; set; }

        public int Attempt { get; set; }

        public DateTimeOffset RetryAt { get; set; }

        public Task<RateLimitLease>? Pending { get; set; }

        public DatagridRateLimitLease? Lease { get; set; }

        public SimulatedAnswer Answer { get; set; }

        public DateTimeOffset RespondAt { get; set; }
    }
}
