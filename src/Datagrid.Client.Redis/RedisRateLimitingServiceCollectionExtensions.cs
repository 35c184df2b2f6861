using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datagrid.Redis;

/// <summary>Adds the Redis-shared rate limit to a client registered with <c>AddDatagridClient</c>.</summary>
public static class RedisRateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Paces the Datagrid client against a rate-limit log shared in Redis:
    /// <c>services.AddDatagridRedisRateLimiting("localhost:6379");</c>
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    /// <param name="configure">Further settings (window, key prefix, timeouts).</param>
    public static IServiceCollection AddDatagridRedisRateLimiting(this IServiceCollection services, string configuration, Action<RedisRateLimiterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        services.AddSingleton(provider =>
        {
            var options = new RedisRateLimiterOptions { Configuration = configuration };
            configure?.Invoke(options);
            return new RedisRateLimiter(options, provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>());
        });
        services.AddOptions<DatagridClientOptions>().PostConfigure<RedisRateLimiter>(static (options, limiter) => options.RateLimiting.Limiter = limiter);
        return services;
    }
}
