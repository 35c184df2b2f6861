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

        // Built from each client's final options (after every Configure), so the window is the one the client uses; for
        // every registration, keyed ones too (name null: all options names), so no client quietly paces on its own.
        services.AddSingleton<IPostConfigureOptions<DatagridClientOptions>>(static provider =>
            new PostConfigureOptions<DatagridClientOptions, RedisLimiterSlot>(name: null, provider.GetRequiredService<RedisLimiterSlot>(), static (options, slot) => options.RateLimiting.Limiter = slot.For(options)));
        services.TryAddSingleton(static provider =>
            provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value.RateLimiting.Limiter as RedisRateLimiter
                ?? throw new InvalidOperationException("The Redis rate limiter is created with the Datagrid client's options: call AddDatagridClient too."));
        return services;
    }

    /// <summary>
    /// The Redis limiters of the container: one per window, assumed limit and MaxRetryAfter (what a limiter takes from
    /// the client's options), so clients that agree on them share one. Budgets stay apart by API key and teamspace,
    /// which are part of every Redis partition.
    /// </summary>
    private sealed class RedisLimiterSlot(RedisRateLimiterOptions redisOptions, ILoggerFactory? loggerFactory, TimeProvider? time) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<(TimeSpan Window, int? PermitLimit, TimeSpan MaxRetryAfter), RedisRateLimiter> _limiters = [];

        public RedisRateLimiter For(DatagridClientOptions options)
        {
            var key = (options.RateLimiting.Window, options.RateLimiting.PermitLimit, options.Retry.MaxRetryAfter);
            lock (_gate)
            {
                if (!_limiters.TryGetValue(key, out var limiter))
                {
                    limiter = new RedisRateLimiter(redisOptions, options, loggerFactory, time);
                    _limiters.Add(key, limiter);
                }

                return limiter;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                foreach (var limiter in _limiters.Values)
                {
                    limiter.Dispose();
                }

                _limiters.Clear();
            }
        }
    }
}
