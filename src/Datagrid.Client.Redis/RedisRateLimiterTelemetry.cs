using System.Diagnostics.Metrics;

namespace Datagrid.Redis;

/// <summary>The Redis limiter's metrics (meter <c>Datagrid.Client.Redis</c>).</summary>
internal static class RedisRateLimiterTelemetry
{
    public const string MeterName = "Datagrid.Client.Redis";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Permits taken from the local limiter because Redis could not be used.</summary>
    public static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        "datagrid.ratelimit.redis.fallbacks", unit: "{permit}", description: "Permits taken from the local limiter because Redis was unreachable.");
}
