using Datagrid.Redis.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Datagrid.Samples.Snippets;

/// <summary>The work queue of Datagrid.Client.Redis from your own host (build/docs/articles/work-queue.md).</summary>
public static class WorkQueueSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        #region workqueue
        services.AddDatagridClient(configuration);                      // key, base URL, window
        services.AddDatagridRedisRateLimiting("redis:6379");            // one budget per teamspace for every worker
        services.AddDatagridWorkQueue("redis:6379", "erasures", options => options.Lease = TimeSpan.FromMinutes(5));
        services.AddHostedService<PurgeWorker>();
        #endregion
    }

    public static async Task EnqueueAsync(DatagridWorkQueue queue, Uri baseUrl, string apiKey)
    {
        #region enqueue
        // A producer (an erasure request handler, a nightly job) adds items; an item already in the queue is not added twice.
        var result = await queue.EnqueueAsync(baseUrl, DatagridWorkQueue.KeyFingerprint(apiKey),
            [new WorkItem("team-a", "mem_123"), new WorkItem("team-b", "mem_456")]);
        Console.WriteLine($"added {result.Added}, already done {result.AlreadyDone}");
        #endregion
    }

    #region worker
    public sealed class PurgeWorker(DatagridQueueWorker worker) : BackgroundService
    {
        // Stopping the host stops claiming; the items in flight are finished, recorded and acknowledged before RunAsync returns.
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
    }
    #endregion
}
