using Datagrid;
using Datagrid.Redis.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

// The core's convention: DI extensions live here so that no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="DatagridWorkQueue"/> and a <see cref="DatagridQueueWorker"/> for a client registered with <c>AddDatagridClient</c>.</summary>
public static class WorkQueueServiceCollectionExtensions
{
    /// <summary>
    /// Registers the queue <paramref name="queueName"/> on the Redis at <paramref name="configuration"/> and a worker that
    /// deletes through the container's <see cref="IMemoryClient"/> (each call sent to its item's teamspace). Run the worker
    /// from a hosted service: <c>await worker.RunAsync(stoppingToken)</c>. Pair it with <c>AddDatagridRedisRateLimiting</c>
    /// on the same Redis so every worker shares each teamspace's budget.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    /// <param name="queueName">The queue's name (letters, digits, '.', '_', '-').</param>
    /// <param name="configure">The worker's lease, concurrency and polling.</param>
    public static IServiceCollection AddDatagridWorkQueue(this IServiceCollection services, string configuration, string queueName, Action<DatagridQueueWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        if (DatagridWorkQueue.NameProblem(queueName) is { } problem)
        {
            throw new ArgumentException(problem, nameof(queueName));
        }

        services.AddOptions<DatagridClientOptions>().PostConfigure(WorkQueueDeleter.AddTeamspacePolicy);
        services.AddSingleton(provider => new WorkQueueConnection(configuration));
        services.AddSingleton(provider => new DatagridWorkQueue(provider.GetRequiredService<WorkQueueConnection>().Connection, queueName));
        services.AddSingleton(provider =>
        {
            var options = new DatagridQueueWorkerOptions();
            configure?.Invoke(options);
            var clientOptions = provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value;
            options.Window = clientOptions.RateLimiting.Window;
            return new DatagridQueueWorker(
                provider.GetRequiredService<DatagridWorkQueue>(),
                WorkQueueDeleter.For(provider.GetRequiredService<IMemoryClient>(), provider.GetService<TimeProvider>()),
                options,
                provider.GetService<ILoggerFactory>()?.CreateLogger("Datagrid.Redis.Queue"),
                provider.GetService<TimeProvider>());
        });
        return services;
    }

    /// <summary>The queue's own connection (the rate limiter keeps its own, which may fall back while this one must not).</summary>
    private sealed class WorkQueueConnection(string configuration) : IDisposable
    {
        private readonly Lazy<ConnectionMultiplexer> _connection = new(() => ConnectionMultiplexer.Connect(configuration));

        public IConnectionMultiplexer Connection => _connection.Value;

        public void Dispose()
        {
            if (_connection.IsValueCreated)
            {
                _connection.Value.Dispose();
            }
        }
    }
}
