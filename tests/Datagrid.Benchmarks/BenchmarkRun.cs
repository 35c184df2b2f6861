using System.Diagnostics;
using Datagrid.LocalServer;

namespace Datagrid.Benchmarks;

/// <summary>Deletes N seeded memories through <see cref="MemoryClient"/> against a fresh rate-limited local server.</summary>
internal static class BenchmarkRun
{
    public static async Task<RunResult> RunAsync(BenchmarkSettings settings, int concurrency, bool limiterOn)
    {
        var serverOptions = new LocalServerOptions
        {
            Limit = settings.Limit,
            Window = settings.Window,
            SeedCount = settings.Deletes,
        };
        await using var server = await LocalDatagridServer.StartAsync(serverOptions);

        // Defaults everywhere (MaxRetries 2, MaxRetryAfter 60 s, limit learned from X-RateLimit-Limit) except the
        // window length, which no header carries: Datagrid's is 60 s, the benchmark's is shorter.
        var options = new DatagridClientOptions
        {
            ApiKey = LocalServerOptions.DefaultApiKey,
            BaseUrl = server.BaseUrl,
            UseEnvironment = false,
            RateLimiting = { Enabled = limiterOn, Window = settings.Window },
        };
        using var client = new MemoryClient(options);

        var next = -1;
        var failed = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < settings.Deletes)
            {
                try
                {
                    await client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(index + 1)).ConfigureAwait(false);
                }
                catch (DatagridException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        stopwatch.Stop();

        return new RunResult(
            limiterOn,
            concurrency,
            stopwatch.Elapsed,
            settings.TheoreticalMinimum,
            server.Counters.Requests,
            server.Counters.Throttled,
            failed,
            server.Counters.Deletes);
    }
}
