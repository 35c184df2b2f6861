using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>
/// <c>AddDatagridClient("eu", ...)</c>: keyed clients per teamspace beside the default one, one connection pool, one
/// limiter per API key and base URL.
/// </summary>
public class KeyedClientTests
{
    [Test]
    public async Task KeyedClientsSendWithTheirOwnOptions_BesideAnUnchangedDefaultClient()
    {
        var (mock, seen) = RecordingServer();
        var services = new ServiceCollection();
        services.AddDatagridClient(o => Valid(o, "ts_default")).WithMock(mock);
        services.AddDatagridClient("eu", o => Valid(o, "ts_eu"));
        services.AddDatagridClient("us", TestServices.Configuration(new Dictionary<string, string?>
        {
            ["Us:ApiKey"] = TestServices.ApiKey,
            ["Us:BaseUrl"] = TestServices.BaseUrl,
            ["Us:Teamspace"] = "ts_us",
            ["Us:UseEnvironment"] = "false",
            ["Us:Deadline"] = "00:00:30",
        }).GetSection("Us"));
        services.AddSingleton<EuWorker>();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EuWorker>().Memory.DeleteUserMemoryAsync("m_eu");
        await provider.GetRequiredKeyedService<MemoryClient>("us").DeleteUserMemoryAsync("m_us");
        await provider.GetRequiredKeyedService<IDatagridClient>("eu").Memory.DeleteUserMemoryAsync("m_eu2");
        await provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("m_default");

        Assert.Multiple(() =>
        {
            Assert.That(seen["m_eu"], Is.EqualTo("ts_eu"), "[FromKeyedServices(\"eu\")] IMemoryClient");
            Assert.That(seen["m_us"], Is.EqualTo("ts_us"), "bound from its own configuration section");
            Assert.That(seen["m_eu2"], Is.EqualTo("ts_eu"));
            Assert.That(seen["m_default"], Is.EqualTo("ts_default"), "the default registration is unchanged");
            Assert.That(provider.GetRequiredKeyedService<IMemoryClient>("eu"), Is.SameAs(provider.GetRequiredKeyedService<DatagridClient>("eu").Memory));
            Assert.That(provider.GetRequiredKeyedService<DatagridClient>("eu"), Is.Not.SameAs(provider.GetRequiredService<DatagridClient>()));
            Assert.That(provider.GetRequiredService<IOptionsMonitor<DatagridClientOptions>>().Get("eu").IsFrozen, Is.True, "the client was built from the named options");
            Assert.That(provider.GetRequiredService<IOptionsMonitor<DatagridClientOptions>>().Get("us").Deadline, Is.EqualTo(TimeSpan.FromSeconds(30)), "Deadline binds from configuration");
        });
    }

    [Test]
    public async Task AllClientsShareOneConnectionPool()
    {
        var (mock, _) = RecordingServer();
        var handlers = 0;
        var services = new ServiceCollection();
        services.AddDatagridClient(o => Valid(o, "ts_default")).ConfigurePrimaryHttpMessageHandler(() =>
        {
            Interlocked.Increment(ref handlers);
            return mock;
        });
        services.AddDatagridClient("eu", o => Valid(o, "ts_eu"));
        services.AddDatagridClient("us", o => Valid(o, "ts_us"));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<MemoryClient>().DeleteUserMemoryAsync("m1");
        await provider.GetRequiredKeyedService<MemoryClient>("eu").DeleteUserMemoryAsync("m2");
        await provider.GetRequiredKeyedService<MemoryClient>("us").DeleteUserMemoryAsync("m3");

        Assert.That(handlers, Is.EqualTo(1), "one primary handler (one connection pool) for every Datagrid client");
    }

    [Test]
    public async Task TheSameKeyAndBaseUrlShareOneLimiter_AnotherKeyHasItsOwn()
    {
        var clock = new TestClock();
        var (mock, _) = RecordingServer();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDatagridClient("a", o => Limited(o, TestServices.ApiKey)).WithMock(mock);
        services.AddDatagridClient("b", o => Limited(o, TestServices.ApiKey));
        services.AddDatagridClient("other-key", o => Limited(o, "dg_other_key_123"));
        await using var provider = services.BuildServiceProvider();
        var a = provider.GetRequiredKeyedService<MemoryClient>("a");
        var b = provider.GetRequiredKeyedService<MemoryClient>("b");
        var otherKey = provider.GetRequiredKeyedService<MemoryClient>("other-key");

        await a.DeleteUserMemoryAsync("m1");
        var fromB = b.DeleteUserMemoryAsync("m2");
        var wake = await clock.NextWakeUpAsync();
        Assert.That(fromB.IsCompleted, Is.False, "client b spends the budget client a used (same key, base URL, teamspace)");

        await otherKey.DeleteUserMemoryAsync("m3").WaitAsync(TestClock.Patience);

        clock.Advance(wake);
        await fromB.WaitAsync(TestClock.Patience);
    }

    [Test]
    public void AKeyedClientWithoutAKey_FailsValidationNamingTheClient()
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(o => Valid(o, "ts_default"));
        services.AddDatagridClient("eu", o => o.UseEnvironment = false);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(ex!.Message, Does.Contain("Datagrid client 'eu'").And.Contain("DATAGRID_API_KEY"));
    }

    private static void Valid(DatagridClientOptions options, string teamspace)
    {
        options.ApiKey = TestServices.ApiKey;
        options.BaseUrl = new Uri(TestServices.BaseUrl);
        options.Teamspace = teamspace;
        options.UseEnvironment = false;
    }

    private static void Limited(DatagridClientOptions options, string apiKey)
    {
        Valid(options, "ts_1");
        options.ApiKey = apiKey;
        options.RateLimiting.PermitLimit = 1;
        options.RateLimiting.Window = TimeSpan.FromSeconds(60);
    }

    /// <summary>Answers 204 to every delete, recording which teamspace each memory id was deleted in.</summary>
    private static (MockHttpMessageHandler Mock, ConcurrentDictionary<string, string> Seen) RecordingServer()
    {
        var seen = new ConcurrentDictionary<string, string>();
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(request =>
        {
            seen[request.RequestUri!.Segments[^1]] = request.Headers.GetValues("Datagrid-Teamspace").Single();
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        return (mock, seen);
    }

    /// <summary>A service taking the "eu" client the way an application would.</summary>
    private sealed class EuWorker([FromKeyedServices("eu")] IMemoryClient memory)
    {
        public IMemoryClient Memory { get; } = memory;
    }
}
