using Datagrid;

var builder = Host.CreateApplicationBuilder(args);

// Binds the "Datagrid" section (ApiKey, BaseUrl, Teamspace, Timeout, Retry:MaxRetries, ...) from appsettings.json,
// user secrets or environment variables such as Datagrid__ApiKey; DATAGRID_API_KEY works too.
// A missing key stops the host at start-up with a message saying what to set.
builder.Services.AddDatagridClient(builder.Configuration.GetSection("Datagrid"));

// Several workers on one teamspace share one budget: with a Redis connection string ("Redis" in appsettings.json or
// the environment variable Redis), every process paces against one sliding-window log in Redis (package
// Datagrid.Client.Redis). Without it, each process paces itself from the rate-limit headers.
if (builder.Configuration["Redis"] is { Length: > 0 } redis)
{
    builder.Services.AddDatagridRedisRateLimiting(redis);
}

builder.Services.AddHostedService<DeleteMemoriesWorker>();

await builder.Build().RunAsync();

/// <summary>Deletes the memories listed under "MemoriesToDelete", then stops the application.</summary>
internal sealed partial class DeleteMemoriesWorker(
    IMemoryClient client,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DeleteMemoriesWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ids = configuration.GetSection("MemoriesToDelete").Get<string[]>() ?? [];

        // One shared client: it is thread-safe, retries and paces itself against the rate limit.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken };
        await Parallel.ForEachAsync(ids, parallel, async (id, cancellationToken) =>
        {
            try
            {
                await client.DeleteUserMemoryAsync(id, cancellationToken);
                LogDeleted(id);
            }
            catch (DatagridNotFoundException e) when (e.IsApiNotFound)
            {
                LogAlreadyGone(id); // deleting is idempotent for us: gone is gone
            }
        });

        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted memory {MemoryId}")]
    private partial void LogDeleted(string memoryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory {MemoryId} was already deleted")]
    private partial void LogAlreadyGone(string memoryId);
}
