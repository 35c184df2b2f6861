using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>Settings of the Redis-shared rate limiter (<see cref="RedisRateLimiter"/>).</summary>
public sealed class RedisRateLimiterOptions
{
    /// <summary>A StackExchange.Redis configuration string (e.g. <c>localhost:6379</c>); ignored when <see cref="Connection"/> is set.</summary>
    public string? Configuration { get; set; }

    /// <summary>An existing connection to use (the limiter does not dispose it).</summary>
    public IConnectionMultiplexer? Connection { get; set; }

    /// <summary>Prefix of every key the limiter writes (default <c>datagrid:ratelimit:</c>).</summary>
    public string KeyPrefix { get; set; } = "datagrid:ratelimit:";

    /// <summary>The limit to assume before a response reports one; null (default): one request at a time until then.</summary>
    public int? Limit { get; set; }

    /// <summary>The server's window length (default 60 s, Datagrid's documented window).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest server-given time waited for (the client's MaxRetryAfter; default 60 s).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a request sent but never answered keeps its slot in Redis (its process may have died; default
    /// 2 minutes, above the client's 60 s timeout).
    /// </summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest a single Redis call may take before the limiter falls back to the local one (default 3 s).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>After Redis failed, how long the local limiter is used before Redis is tried again (default 2 s).</summary>
    public TimeSpan RetryRedisAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Describes the options (the configuration string may hold a password, so it is left out).</summary>
    public override string ToString() =>
        $"RedisRateLimiterOptions {{ KeyPrefix = {KeyPrefix}, Limit = {Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "learned"}, Window = {Window} }}";

    internal void Validate()
    {
        if (Connection is null && string.IsNullOrWhiteSpace(Configuration))
        {
            throw new ArgumentException("RedisRateLimiterOptions needs a Connection or a Configuration string (e.g. \"localhost:6379\").");
        }

        if (Window <= TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero || InFlightTimeout <= TimeSpan.Zero || OperationTimeout <= TimeSpan.Zero || RetryRedisAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("RedisRateLimiterOptions: Window, InFlightTimeout and OperationTimeout must be positive, MaxRetryAfter and RetryRedisAfter not negative.");
        }

        if (Limit is < 1)
        {
            throw new ArgumentException($"RedisRateLimiterOptions.Limit must be at least 1 (or null to learn it from X-RateLimit-Limit); got {Limit}.");
        }
    }
}
