using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Datagrid.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>
/// A rate limiter every process and machine sharing one Redis paces against: the sliding-window log of each
/// (API key hash, teamspace, method, path template) lives in Redis (see <see cref="SlidingWindowScript"/>). Plug it into
/// <c>DatagridClientOptions.RateLimiting.Limiter</c>, or with DI <c>services.AddDatagridRedisRateLimiting("localhost:6379")</c>.
/// </summary>
/// <remarks>
/// Redis is a helper, never a point of failure: when it cannot be reached (at start or mid-run) or a call takes longer
/// than <see cref="RedisRateLimiterOptions.OperationTimeout"/>, the limiter logs a warning, counts it in the
/// <c>datagrid.ratelimit.redis.fallbacks</c> metric and takes the permit from the local limiter instead, so no call is
/// lost or hangs; after <see cref="RedisRateLimiterOptions.RetryRedisAfter"/> it tries Redis again. Should Redis lose
/// its data (a restart), the next response's headers rebuild the count.
/// </remarks>
public sealed partial class RedisRateLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    // While waiting for a slot held by a request in flight (no expiry time to wait for) poll this often.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // Most slots asked for in one script call (the waiters of a process are bounded by its concurrency anyway).
    private const int MaxBatch = 256;

    private readonly RedisRateLimiterOptions _options;
    private readonly DatagridRateLimiter _local;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<RedisPartition, RedisWaitQueue> _queues = new();
    private readonly Lazy<Task<IConnectionMultiplexer?>> _connection;
    private long _redisUnusableUntil;
    private int _degraded;
    private bool _disposed;

    /// <summary>Creates the limiter; it connects on first use (an unreachable Redis is not an error: see remarks).</summary>
    public RedisRateLimiter(RedisRateLimiterOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Datagrid.Client.Redis");
        _local = new DatagridRateLimiter(options.Limit, options.Window, options.MaxRetryAfter, _time);
        _ownsConnection = options.Connection is null;
        _connection = new Lazy<Task<IConnectionMultiplexer?>>(ConnectAsync);
    }

    /// <summary>Whether the last permit came from Redis (false while falling back to the local limiter).</summary>
    public bool UsingRedis => Volatile.Read(ref _degraded) == 0;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => _local.GetStatistics(resource);

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connecting = _connection.Value; // starts connecting on first use
        var connection = connecting.IsCompletedSuccessfully ? connecting.Result : null;
        if (connection is null || !connection.IsConnected || _time.GetTimestamp() < Volatile.Read(ref _redisUnusableUntil))
        {
            // Not connected (yet): the asynchronous path connects or falls back; no blocking here.
            return connection is null ? new RefusedLease(null, "connecting to Redis", answersAsynchronously: true) : _local.AttemptAcquire(resource, permitCount);
        }

        // Never a synchronous Redis call: it blocks a thread-pool thread per request while StackExchange.Redis needs
        // the pool to complete it, which starved 2-core workers into 3 s Redis timeouts and fallbacks (measured). The
        // caller waits in AcquireAsync, which asks Redis asynchronously.
        // The client counts a wait only if the lease from AcquireAsync says the call queued (DatagridRateLimitMetadata).
        return new RefusedLease(null, "the shared limit is asked from Redis asynchronously", answersAsynchronously: true);
    }

    /// <summary>One asynchronous script call, no waiting: a slot, or a refusal saying when one may free.</summary>
    internal async Task<RateLimitLease> TryAcquireOnceAsync(HttpRequestMessage resource)
    {
        var connection = await _connection.Value.ConfigureAwait(false) ?? throw new InvalidOperationException("Redis is not configured.");
        var partition = RedisPartition.For(resource, _options.KeyPrefix);
        var member = Guid.NewGuid().ToString("N");
        var result = await RunAsync(connection, partition, "acquire", AcquireArgs([member])).ConfigureAwait(false);
        return (int)result[0] == 1
            ? new RedisSlotLease(this, connection, partition, member, (long)result[1])
            : new RefusedLease((long)result[2] is var ms && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null);
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (await UsableConnectionAsync().ConfigureAwait(false) is not { } connection)
        {
            return await AcquireLocallyAsync(resource, cancellationToken).ConfigureAwait(false);
        }

        var partition = RedisPartition.For(resource, _options.KeyPrefix);
        var queue = _queues.GetOrAdd(partition, static _ => new RedisWaitQueue());
        var firstWait = TimeSpan.Zero;
        bool alone;
        lock (queue)
        {
            alone = queue.Waiters.Count == 0;
        }

        if (alone)
        {
            // Nobody of this process waits: try for a slot at once (calls already waiting go first otherwise).
            var member = Guid.NewGuid().ToString("N");
            try
            {
                var result = await RunAsync(connection, partition, "acquire", AcquireArgs([member])).ConfigureAwait(false);
                Recovered();
                if ((int)result[0] == 1)
                {
                    return new RedisSlotLease(this, connection, partition, member, (long)result[1]);
                }

                firstWait = WaitFor((long)result[2]);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Degrade(ex);
                return await AcquireLocallyAsync(resource, cancellationToken).ConfigureAwait(false);
            }
        }

        var waiter = new RedisWaitQueue.Waiter();
        bool startPump;
        lock (queue)
        {
            queue.Waiters.Add(waiter);
            startPump = !queue.Pumping;
            queue.Pumping = true;
        }

        if (startPump)
        {
            _ = PumpAsync(connection, partition, queue, firstWait);
        }

        RedisSlotLease? lease;
        try
        {
            lease = await waiter.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Leave the queue; a slot granted at the same moment was never used, so give it back.
            if (!waiter.Done.TrySetCanceled(cancellationToken) && waiter.Done.Task.IsCompletedSuccessfully)
            {
                waiter.Done.Task.Result?.Cancel();
            }

            throw;
        }

        return lease ?? await AcquireLocallyAsync(resource, queued: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a partition's waiters until none is left: asks Redis for a slot per waiter in one script call, hands the
    /// granted ones out in arrival order, and sleeps until Redis says the next slot frees.
    /// </summary>
    private async Task PumpAsync(IConnectionMultiplexer connection, RedisPartition partition, RedisWaitQueue queue, TimeSpan wait)
    {
        try
        {
            while (true)
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time).ConfigureAwait(false);
                }

                RedisWaitQueue.Waiter[] batch;
                lock (queue)
                {
                    queue.Waiters.RemoveAll(static w => w.Done.Task.IsCompleted); // cancelled
                    if (queue.Waiters.Count == 0)
                    {
                        queue.Pumping = false;
                        return;
                    }

                    ObjectDisposedException.ThrowIf(_disposed, this);
                    batch = [.. queue.Waiters.Take(MaxBatch)];
                }

                var members = batch.Select(static _ => Guid.NewGuid().ToString("N")).ToArray();
                var result = await RunAsync(connection, partition, "acquire", AcquireArgs(members)).ConfigureAwait(false);
                Recovered();
                var granted = (int)result[0];
                lock (queue)
                {
                    // Only this pump removes waiters and new ones are appended, so the batch is still the queue's head.
                    queue.Waiters.RemoveRange(0, granted);
                }

                for (var i = 0; i < granted; i++)
                {
                    if (!batch[i].Done.TrySetResult(new RedisSlotLease(this, connection, partition, members[i], (long)result[1], waited: true)))
                    {
                        Cancel(connection, partition, members[i]); // its caller gave up meanwhile
                    }
                }

                wait = granted == batch.Length ? TimeSpan.Zero : WaitFor((long)result[2]);
            }
        }
        catch (Exception ex)
        {
            if (IsRedisFailure(ex))
            {
                Degrade(ex);
            }

            lock (queue)
            {
                // Redis failed: every waiter takes a local permit instead (never hangs); anything else is rethrown to them.
                foreach (var waiter in queue.Waiters)
                {
                    _ = IsRedisFailure(ex) && !_disposed ? waiter.Done.TrySetResult(null) : waiter.Done.TrySetException(ex);
                }

                queue.Waiters.Clear();
                queue.Pumping = false;
            }
        }
    }

    // Redis said when another slot may free (ms on its clock, from its reply); -1: only when a request in flight answers.
    private TimeSpan WaitFor(long ms) =>
        ms < 0 ? PollInterval : TimeSpan.FromMilliseconds(Math.Clamp(ms, 1, (long)_options.Window.TotalMilliseconds));

    private object[] AcquireArgs(string[] members) => [Ms(_options.InFlightTimeout), (long)(_options.Limit ?? 0), .. members];

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _local.Dispose();
            if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
            {
                _connection.Value.Result?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>How many calls of this process wait for a Redis slot of the request's partition.</summary>
    internal int Waiting(HttpRequestMessage request)
    {
        if (!_queues.TryGetValue(RedisPartition.For(request, _options.KeyPrefix), out var queue))
        {
            return 0;
        }

        lock (queue)
        {
            return queue.Waiters.Count(static w => !w.Done.Task.IsCompleted);
        }
    }

    internal void Release(IConnectionMultiplexer connection, RedisPartition partition, string member) =>
        Send(connection, partition, "release", member);

    internal void Cancel(IConnectionMultiplexer connection, RedisPartition partition, string member) =>
        Send(connection, partition, "cancel", member);

    internal void Observe(IConnectionMultiplexer connection, RedisPartition partition, string member, long expiredAtGrant, int status, RateLimitInfo? info, TimeSpan? blockFor)
    {
        var limit = info?.Limit is { } l ? (long)l : -1;
        var remaining = info?.Remaining is { } r ? (long)r : -1;
        var reset = info?.Reset is { } at ? at.ToUnixTimeMilliseconds() : -1;
        var block = blockFor is { } b && b > TimeSpan.Zero ? Ms(b) : -1;
        Send(connection, partition, "observe", status, limit, remaining, reset, block, Ms(_options.MaxRetryAfter), member, expiredAtGrant);
    }

    private static bool IsRedisFailure(Exception ex) =>
        ex is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException;

    private static long Ms(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);

    private ValueTask<RateLimitLease> AcquireLocallyAsync(HttpRequestMessage resource, CancellationToken cancellationToken) => AcquireLocallyAsync(resource, queued: false, cancellationToken);

    // queued: the call already waited for Redis before it failed, so its permit counts as a wait either way.
    private async ValueTask<RateLimitLease> AcquireLocallyAsync(HttpRequestMessage resource, bool queued, CancellationToken cancellationToken)
    {
        RedisRateLimiterTelemetry.Fallbacks.Add(1);
        var lease = _local.AttemptAcquire(resource);
        if (lease.IsAcquired)
        {
            return queued ? new WaitedLease(lease) : lease;
        }

        lease.Dispose();
        lease = await _local.AcquireAsync(resource, 1, cancellationToken).ConfigureAwait(false);
        return lease.IsAcquired ? new WaitedLease(lease) : lease;
    }

    /// <summary>Fire-and-forget (in order on the connection): the response path never waits on Redis.</summary>
    private void Send(IConnectionMultiplexer connection, RedisPartition partition, string op, params object[] args)
    {
        try
        {
            _ = connection.GetDatabase().ScriptEvaluateAsync(SlidingWindowScript.Source, Keys(partition), Values(op, args), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Degrade(ex);
        }
    }

    private async Task<RedisResult[]> RunAsync(IConnectionMultiplexer connection, RedisPartition partition, string op, params object[] args)
    {
        var result = await connection.GetDatabase()
            .ScriptEvaluateAsync(SlidingWindowScript.Source, Keys(partition), Values(op, args))
            .WaitAsync(_options.OperationTimeout, _time)
            .ConfigureAwait(false);
        return (RedisResult[])result!;
    }

    private static RedisKey[] Keys(RedisPartition partition) => [partition.Log, partition.InFlight, partition.Meta];

    private RedisValue[] Values(string op, object[] args)
    {
        var values = new RedisValue[3 + args.Length];
        values[0] = op;
        values[1] = Ms(_options.Window);
        values[2] = Ms(_options.Window + _options.InFlightTimeout) * 2;
        for (var i = 0; i < args.Length; i++)
        {
            values[3 + i] = args[i] switch
            {
                string s => s,
                long n => n,
                int n => n,
                _ => Convert.ToString(args[i], CultureInfo.InvariantCulture),
            };
        }

        return values;
    }

    private async ValueTask<IConnectionMultiplexer?> UsableConnectionAsync()
    {
        if (_time.GetTimestamp() < Volatile.Read(ref _redisUnusableUntil))
        {
            return null;
        }

        var connection = await _connection.Value.ConfigureAwait(false);
        if (connection is null || !connection.IsConnected)
        {
            Degrade(null);
            return null;
        }

        return connection;
    }

    private async Task<IConnectionMultiplexer?> ConnectAsync()
    {
        if (_options.Connection is { } given)
        {
            return given;
        }

        var config = ConfigurationOptions.Parse(_options.Configuration!);

        // Keep trying in the background: Redis down at start is a fallback, not an error, and it may come back.
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = (int)Math.Min(int.MaxValue, Ms(_options.OperationTimeout));
        config.AsyncTimeout = config.ConnectTimeout;
        config.SyncTimeout = config.ConnectTimeout;
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or ArgumentException)
        {
            LogUnusable(_logger, ex.Message);
            return null;
        }
    }

    private void Degrade(Exception? ex)
    {
        Volatile.Write(ref _redisUnusableUntil, _time.GetTimestamp() + (long)(_options.RetryRedisAfter.TotalSeconds * _time.TimestampFrequency));
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogFallingBack(_logger, ex?.GetType().Name ?? "not connected", (long)_options.RetryRedisAfter.TotalMilliseconds);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            LogBack(_logger);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis is unavailable for the shared rate limit ({Reason}); pacing with the local limiter, retrying Redis every {RetryMs} ms.")]
    private static partial void LogFallingBack(ILogger logger, string reason, long retryMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis is back: the shared rate limit is in use again.")]
    private static partial void LogBack(ILogger logger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Could not configure the Redis connection for the shared rate limit: {Reason}. Pacing with the local limiter.")]
    private static partial void LogUnusable(ILogger logger, string reason);

    private sealed class RefusedLease(TimeSpan? retryAfter, string? reason = null, bool answersAsynchronously = false) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames =>
        [
            .. retryAfter is null ? [] : new[] { MetadataName.RetryAfter.Name },
            .. reason is null ? [] : new[] { MetadataName.ReasonPhrase.Name },
            .. answersAsynchronously ? new[] { DatagridRateLimitMetadata.AnswersAsynchronously.Name } : [],
        ];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? reason
                : metadataName == DatagridRateLimitMetadata.AnswersAsynchronously.Name && answersAsynchronously ? true
                : null;
            return metadata is not null;
        }
    }
}
