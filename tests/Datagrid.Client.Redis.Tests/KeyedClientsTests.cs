using Datagrid.LocalServer;
using Datagrid.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Datagrid.Client.Redis.Tests;

/// <summary>
/// <c>AddDatagridRedisRateLimiting</c> reaches keyed clients (<c>AddDatagridClient("eu", ...)</c>) as well as the
/// default one: no registered client quietly paces on its own while the others share the budget in Redis.
/// </summary>
[NonParallelizable]
public class KeyedClientsTests : RedisFixture
{
    [Test]
    [CancelAfter(60_000)]
    public async Task EveryRegisteredClientPacesThroughRedis_ClientsWithTheSameWindowShareOneLimiter(CancellationToken cancel)
    {
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 2 }, cancel);
        var prefix = $"test:{Guid.NewGuid():N}:";
        var services = new ServiceCollection();
        services.AddDatagridClient(options => Configure(options, server, "ts_default", TimeSpan.FromSeconds(60)));
        services.AddDatagridClient("eu", options => Configure(options, server, "ts_eu", TimeSpan.FromSeconds(60)));
        services.AddDatagridClient("fast", options => Configure(options, server, "ts_fast", TimeSpan.FromSeconds(2)));
        services.AddDatagridRedisRateLimiting(Redis.Configuration, options => options.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();

        var monitor = provider.GetRequiredService<IOptionsMonitor<DatagridClientOptions>>();
        var byDefault = monitor.Get(Options.DefaultName).RateLimiting.Limiter;
        var eu = monitor.Get("eu").RateLimiting.Limiter;
        var fast = monitor.Get("fast").RateLimiting.Limiter;
        Assert.Multiple(() =>
        {
            Assert.That(byDefault, Is.InstanceOf<RedisRateLimiter>());
            Assert.That(eu, Is.SameAs(byDefault), "the same window and limit: one limiter (budgets are kept apart by key and teamspace in Redis)");
            Assert.That(fast, Is.InstanceOf<RedisRateLimiter>().And.Not.SameAs(byDefault), "another window: its own Redis limiter");
            Assert.That(provider.GetRequiredService<RedisRateLimiter>(), Is.SameAs(byDefault), "the resolvable limiter is the default client's");
        });

        // On the wire: a delete through the keyed client is booked in Redis, under its own teamspace.
        var ids = server.RemainingMemoryIds.ToList();
        await provider.GetRequiredKeyedService<DatagridClient>("eu").Memory.DeleteUserMemoryAsync(ids[0], cancel);
        await provider.GetRequiredKeyedService<DatagridClient>("fast").Memory.DeleteUserMemoryAsync(ids[1], cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var keys = redis.GetServer(Redis.Configuration).Keys(pattern: prefix + "*").Select(key => key.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(server.RemainingMemoryCount, Is.Zero);
            Assert.That(keys, Has.Some.Contains(":ts_eu:"), string.Join(", ", keys));
            Assert.That(keys, Has.Some.Contains(":ts_fast:"), string.Join(", ", keys));
        });
    }

    private static void Configure(DatagridClientOptions options, LocalDatagridServer server, string teamspace, TimeSpan window)
    {
        options.BaseUrl = server.BaseUrl;
        options.ApiKey = LocalServerOptions.DefaultApiKey;
        options.AllowInsecureHttp = true;
        options.UseEnvironment = false;
        options.Teamspace = teamspace;
        options.RateLimiting.Window = window;
    }
}
