using System.Collections.Concurrent;
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
/// The window, the limit assumed before a response reports one, and the partitioning are the client's own
/// (<c>RateLimiting.Window</c>, <c>RateLimiting.PermitLimit</c>, <see cref="RateLimitPartitionKey"/>), so pacing is
/// the same with and without Redis; the rules are in <c>RateLimiting/RULES.md</c> of Datagrid.Client.
/// </summary>
/// <remarks>
/// Redis is a helper, never a point of failure: when it cannot be reached (at start or mid-run) or a call takes longer
/// than <see cref="RedisRateLimiterOptions.OperationTimeout"/> (a Redis that stopped answering), the limiter logs a
/// warning, counts it in the <c>datagrid.ratelimit.redis.fallbacks</c> metric and takes the permit from the local
/// limiter instead, so no call is lost or hangs. While Redis is out, every call goes to the local limiter at once: a
/// single background probe asks Redis every <see cref="RedisRateLimiterOptions.RetryRedisAfter"/> (each probe bounded
/// by the same timeout), and calls return to Redis when it answers. A pause therefore costs the calls waiting on Redis
/// at that moment one timeout, not one per retry. Should Redis lose its data (a restart), the next response's headers
/// rebuild the count.
/// </remarks>
public sealed partial class RedisRateLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    // While waiting for a slot held by a request in flight (no expiry time to wait for) poll this often.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // Most slots asked for in one script call (the waiters of a process are bounded by its concurrency anyway).
    private const int MaxBatch = 256;

    private readonly RedisRateLimiterOptions _options;
    private readonly SlidingWindowScriptClient _script;
    private readonly int _defaultLimit;
    private readonly TimeSpan _window;
    private readonly TimeSpan _maxServerWait;
    private readonly DatagridRateLimiter _local;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<RedisPartition, RedisWaitQueue> _queues = new();
    private readonly Lazy<Task<IConnectionMultiplexer?>> _connection;
    private long _redisUnusableUntil;
    private int _degraded;
    private int _probing;
    private bool _disposed;

    /// <summary>
    /// Creates the limiter for a client configured with <paramref name="clientOptions"/>; it connects on first use (an
    /// unreachable Redis is not an error: see remarks). Set the client's rate-limit and retry options before this
    /// call: they are read here.
    /// </summary>
    /// <param name="options">Redis's own settings: connection, key prefix, timeouts.</param>
    /// <param name="clientOptions">
    /// The client's options: <c>RateLimiting.Window</c>, <c>RateLimiting.PermitLimit</c>, <c>Retry.MaxRetryAfter</c>
    /// and (unless <paramref name="timeProvider"/> is given) <c>TimeProvider</c> are used as the local limiter uses them.
    /// </param>
    /// <param name="loggerFactory">Logs fallbacks to the local limiter and the return to Redis.</param>
    /// <param name="timeProvider">The clock; default the client's.</param>
    public RedisRateLimiter(RedisRateLimiterOptions options, DatagridClientOptions clientOptions, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        options.Validate();
        var limiting = clientOptions.RateLimiting;
        if (limiting.PermitLimit is < 1 || limiting.Window <= TimeSpan.Zero || clientOptions.Retry.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"DatagridClientOptions.RateLimiting needs a positive Window and a PermitLimit of at least 1 (or null to learn it), and Retry.MaxRetryAfter must not be negative; got {limiting} and MaxRetryAfter = {clientOptions.Retry.MaxRetryAfter}.",
                nameof(clientOptions));
        }

        _options = options;
        _time = timeProvider ?? clientOptions.TimeProvider;
        _window = limiting.Window;
        _defaultLimit = limiting.PermitLimit ?? 0;
        _maxServerWait = clientOptions.Retry.MaxRetryAfter;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Datagrid.Client.Redis");
        _script = new SlidingWindowScriptClient(_window, options.InFlightTimeout, options.OperationTimeout, _time);
        _local = new DatagridRateLimiter(limiting.PermitLimit, _window, _maxServerWait, _time);
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
        var result = await _script.AcquireAsync(connection.GetDatabase(), partition, _defaultLimit, [member]).ConfigureAwait(false);
        return result.Granted == 1
            ? new RedisSlotLease(this, connection, partition, member, result.Expired)
            : new RefusedLease(result.NextFreeMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
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
                var result = await _script.AcquireAsync(connection.GetDatabase(), partition, _defaultLimit, [member]).ConfigureAwait(false);
                if (result.Granted == 1)
                {
                    return new RedisSlotLease(this, connection, partition, member, result.Expired);
                }

                firstWait = WaitFor(result.NextFreeMs);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Degrade(ex, connection);
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
                var result = await _script.AcquireAsync(connection.GetDatabase(), partition, _defaultLimit, members).ConfigureAwait(false);
                var granted = result.Granted;
                lock (queue)
                {
                    // Only this pump removes waiters and new ones are appended, so the batch is still the queue's head.
                    queue.Waiters.RemoveRange(0, granted);
                }

                for (var i = 0; i < granted; i++)
                {
                    if (!batch[i].Done.TrySetResult(new RedisSlotLease(this, connection, partition, members[i], result.Expired, waited: true)))
                    {
                        Cancel(connection, partition, members[i]); // its caller gave up meanwhile
                    }
                }

                wait = granted == batch.Length ? TimeSpan.Zero : WaitFor(result.NextFreeMs);
            }
        }
        catch (Exception ex)
        {
            if (IsRedisFailure(ex))
            {
                Degrade(ex, connection);
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

    // Redis said when another slot may free (ms on its clock, from its reply); null: only when a request in flight answers.
    private TimeSpan WaitFor(long? ms) =>
        ms is not { } due ? PollInterval : TimeSpan.FromMilliseconds(Math.Clamp(due, 1, (long)_window.TotalMilliseconds));

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

    // Fire-and-forget (in order on the connection): the response path never waits on Redis.
    internal void Release(IConnectionMultiplexer connection, RedisPartition partition, string member) =>
        Send(connection, static (script, db, p, m, _) => script.ReleaseAsync(db, p, m, CommandFlags.FireAndForget), partition, member, default);

    internal void Cancel(IConnectionMultiplexer connection, RedisPartition partition, string member) =>
        Send(connection, static (script, db, p, m, _) => script.CancelAsync(db, p, m, CommandFlags.FireAndForget), partition, member, default);

    internal void Observe(IConnectionMultiplexer connection, RedisPartition partition, string member, long expiredAtGrant, int status, RateLimitInfo? info, TimeSpan? blockFor) =>
        Send(
            connection,
            static (script, db, p, m, o) => script.ObserveAsync(db, p, m, o.ExpiredAtGrant, o.Status, o.Info, o.BlockFor, o.MaxServerWait, CommandFlags.FireAndForget),
            partition,
            member,
            new Observation(expiredAtGrant, status, info, blockFor, _maxServerWait));

    private readonly record struct Observation(long ExpiredAtGrant, int Status, RateLimitInfo? Info, TimeSpan? BlockFor, TimeSpan MaxServerWait);

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

    private void Send(IConnectionMultiplexer connection, Func<SlidingWindowScriptClient, IDatabase, RedisPartition, string, Observation, Task> operation, RedisPartition partition, string member, Observation observation)
    {
        try
        {
            _ = operation(_script, connection.GetDatabase(), partition, member, observation);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Degrade(ex, connection);
        }
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
            Degrade(null, connection);
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

    /// <summary>
    /// Redis failed or stopped answering: every call takes the local limiter until a probe finds Redis answering
    /// again. With a connection the probe runs in the background (one at a time), so no caller waits on a Redis that
    /// is still out; without one (the configuration could not be used) Redis is simply tried again after
    /// <see cref="RedisRateLimiterOptions.RetryRedisAfter"/>.
    /// </summary>
    private void Degrade(Exception? ex, IConnectionMultiplexer? connection)
    {
        Volatile.Write(ref _redisUnusableUntil, connection is null ? _time.GetTimestamp() + Ticks(_options.RetryRedisAfter) : long.MaxValue);
        var probe = connection is not null && !_disposed && Interlocked.Exchange(ref _probing, 1) == 0;
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogFallingBack(_logger, ex?.GetType().Name ?? "not connected", (long)_options.RetryRedisAfter.TotalMilliseconds);
        }

        if (probe)
        {
            _ = ProbeAsync(connection!);
        }
    }

    /// <summary>Asks Redis every RetryRedisAfter, each try bounded by OperationTimeout, until it answers; then calls use it again.</summary>
    private async Task ProbeAsync(IConnectionMultiplexer connection)
    {
        try
        {
            while (!_disposed)
            {
                // Never a busy loop, even with RetryRedisAfter = 0 and the connection down.
                await Task.Delay(_options.RetryRedisAfter > PollInterval ? _options.RetryRedisAfter : PollInterval, _time).ConfigureAwait(false);
                try
                {
                    if (connection.IsConnected)
                    {
                        await connection.GetDatabase().PingAsync().WaitAsync(_options.OperationTimeout, _time).ConfigureAwait(false);
                        break;
                    }
                }
                catch (Exception ex) when (IsRedisFailure(ex))
                {
                    // Still out: try again after the next pause.
                }
            }
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }

        if (!_disposed)
        {
            Volatile.Write(ref _redisUnusableUntil, 0);
            if (Interlocked.Exchange(ref _degraded, 0) == 1)
            {
                LogBack(_logger);
            }
        }
    }

    private long Ticks(TimeSpan value) => (long)(value.TotalSeconds * _time.TimestampFrequency);

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
