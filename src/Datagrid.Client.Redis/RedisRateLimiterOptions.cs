using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>
/// Redis's own settings of the Redis-shared rate limiter (<see cref="RedisRateLimiter"/>): connection, key prefix,
/// timeouts and fallback. The window, the assumed limit and the partitioning are the client's
/// (<c>DatagridClientOptions.RateLimiting</c>), one source for both limiters.
/// </summary>
public sealed class RedisRateLimiterOptions
{
    /// <summary>A StackExchange.Redis configuration string (e.g. <c>localhost:6379</c>); ignored when <see cref="Connection"/> is set.</summary>
    public string? Configuration { get; set; }

    /// <summary>An existing connection to use (the limiter does not dispose it).</summary>
    public IConnectionMultiplexer? Connection { get; set; }

    /// <summary>Prefix of every key the limiter writes (default <c>datagrid:ratelimit:</c>).</summary>
    public string KeyPrefix { get; set; } = "datagrid:ratelimit:";

    /// <summary>
    /// How long a request sent but never answered keeps its slot in Redis (its process may have died; default
    /// 2 minutes, above the client's 60 s timeout).
    /// </summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Longest a single Redis call may take before the limiter gives Redis up and falls back to the local one
    /// (default 2 s): a Redis that stops answering (paused, overloaded, a network stall) costs a waiting call at most this.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After Redis failed, how often it is probed (in the background) before calls use it again (default 2 s).</summary>
    public TimeSpan RetryRedisAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Describes the options (the configuration string may hold a password, so it is left out).</summary>
    public override string ToString() =>
        $"RedisRateLimiterOptions {{ KeyPrefix = {KeyPrefix}, OperationTimeout = {OperationTimeout}, RetryRedisAfter = {RetryRedisAfter} }}";

    internal void Validate()
    {
        if (Connection is null && string.IsNullOrWhiteSpace(Configuration))
        {
            throw new ArgumentException("RedisRateLimiterOptions needs a Connection or a Configuration string (e.g. \"localhost:6379\").");
        }

        if (InFlightTimeout <= TimeSpan.Zero || OperationTimeout <= TimeSpan.Zero || RetryRedisAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"RedisRateLimiterOptions: InFlightTimeout and OperationTimeout must be positive, RetryRedisAfter not negative; got {InFlightTimeout}, {OperationTimeout} and {RetryRedisAfter}.");
        }
    }
}
