using Datagrid;
using Datagrid.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The core's convention: DI extensions live here so that no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Redis-shared rate limit to a client registered with <c>AddDatagridClient</c>.</summary>
public static class RedisRateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Paces the Datagrid client against a rate-limit log shared in Redis:
    /// <c>services.AddDatagridRedisRateLimiting("localhost:6379");</c>. The window, the assumed limit and the
    /// partitioning are the client's own (<c>RateLimiting.Window</c>, <c>RateLimiting.PermitLimit</c>), as configured
    /// for <c>AddDatagridClient</c>; the limiter is also resolvable as <see cref="RedisRateLimiter"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    /// <param name="configure">Redis's own settings (key prefix, timeouts, fallback).</param>
    public static IServiceCollection AddDatagridRedisRateLimiting(this IServiceCollection services, string configuration, Action<RedisRateLimiterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        services.TryAddSingleton(provider =>
        {
            var options = new RedisRateLimiterOptions { Configuration = configuration };
            configure?.Invoke(options);
            return new RedisLimiterSlot(options, provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>());
        });

        // Built from the client's final options (after every Configure), so the window is the one the client uses.
        services.AddOptions<DatagridClientOptions>().PostConfigure<RedisLimiterSlot>(static (options, slot) => options.RateLimiting.Limiter = slot.For(options));
        services.TryAddSingleton(static provider =>
        {
            _ = provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value;
            return provider.GetRequiredService<RedisLimiterSlot>().Limiter
                ?? throw new InvalidOperationException("The Redis rate limiter is created with the Datagrid client's options: call AddDatagridClient too.");
        });
        return services;
    }

    /// <summary>The one Redis limiter of the container, created from the client's options when they are first built.</summary>
    private sealed class RedisLimiterSlot(RedisRateLimiterOptions redisOptions, ILoggerFactory? loggerFactory, TimeProvider? time) : IDisposable
    {
        private readonly Lock _gate = new();

        public RedisRateLimiter? Limiter { get; private set; }

        public RedisRateLimiter For(DatagridClientOptions options)
        {
            lock (_gate)
            {
                return Limiter ??= new RedisRateLimiter(redisOptions, options, loggerFactory, time);
            }
        }

        public void Dispose() => Limiter?.Dispose();
    }
}
