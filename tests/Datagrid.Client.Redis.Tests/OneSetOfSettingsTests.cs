using System.Diagnostics;
using Datagrid.LocalServer;
using Datagrid.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Client.Redis.Tests;

/// <summary>
/// The Redis limiter paces by the client's own rate-limit options: registered with DI as a user would (no window given
/// to Redis), it deletes as fast as the local limiter against the local server's 2 s window.
/// </summary>
[NonParallelizable]
public class OneSetOfSettingsTests : RedisFixture
{
    private const int Memories = 60;
    private const int Limit = 20;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Test]
    [CancelAfter(120_000)]
    public async Task TheSameOptionsPaceTheSameWithAndWithoutRedis(CancellationToken cancel)
    {
        // A first pass of each warms up (JIT, connection pools, Redis's script cache); the second is compared.
        await DeleteAllAsync(redis: false, cancel);
        await DeleteAllAsync(redis: true, cancel);
        var local = await DeleteAllAsync(redis: false, cancel);
        var shared = await DeleteAllAsync(redis: true, cancel);
        TestContext.Out.WriteLine($"{Memories} deletes, {Limit} per {Window.TotalSeconds} s: local limiter {local.Elapsed.TotalSeconds:0.00} s ({local.Refused} refused), Redis {shared.Elapsed.TotalSeconds:0.00} s ({shared.Refused} refused)");

        Assert.Multiple(() =>
        {
            Assert.That(local.Refused, Is.Zero, "the local limiter keeps to the window");
            Assert.That(shared.Refused, Is.Zero, "so does Redis, with the same window");
            Assert.That(shared.Elapsed.TotalSeconds, Is.EqualTo(local.Elapsed.TotalSeconds).Within(10).Percent, "the same pacing (within 10 %)");
        });
    }

    private async Task<(TimeSpan Elapsed, int Refused)> DeleteAllAsync(bool redis, CancellationToken cancel)
    {
        var serverOptions = new LocalServerOptions { Limit = Limit, Window = Window, SeedCount = Memories };
        await using var server = await LocalDatagridServer.StartAsync(serverOptions, cancel);
        var services = new ServiceCollection();
        services.AddDatagridClient(options =>
        {
            options.BaseUrl = server.BaseUrl;
            options.ApiKey = LocalServerOptions.DefaultApiKey;
            options.AllowInsecureHttp = true;
            options.UseEnvironment = false;
            options.RateLimiting.Window = Window;
        });
        if (redis)
        {
            services.AddDatagridRedisRateLimiting(Redis.Configuration, options => options.KeyPrefix = $"test:{Guid.NewGuid():N}:");
        }

        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<DatagridClient>();
        if (redis)
        {
            Assert.That(provider.GetRequiredService<RedisRateLimiter>().UsingRedis, Is.True);
        }

        var ids = server.RemainingMemoryIds.ToList();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancel }, async (id, ct) =>
            await client.Memory.DeleteUserMemoryAsync(id, ct));
        stopwatch.Stop();
        TestContext.Out.WriteLine($"{(redis ? "Redis" : "local")}: {stopwatch.Elapsed.TotalSeconds:0.00} s, {server.Counters.Throttled} refused");

        Assert.That(server.RemainingMemoryCount, Is.Zero);
        return (stopwatch.Elapsed, (int)server.Counters.Throttled);
    }
}
