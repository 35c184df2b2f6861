using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.DependencyInjection.Tests;

public class OptionsFlowTests
{
    [Test]
    public async Task AppLoggerFactoryAndClock_FlowIntoTheOptions()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDatagridClient(TestServices.Configuration(TestServices.ValidSection()).GetSection("Datagrid"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.Diagnostics.LoggerFactory, Is.SameAs(provider.GetRequiredService<ILoggerFactory>()));
            Assert.That(options.TimeProvider, Is.SameAs(clock));
        });
    }

    [Test]
    public async Task ExplicitLoggerFactoryAndClock_AreKept()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddDatagridClient(o =>
        {
            o.ApiKey = TestServices.ApiKey;
            o.UseEnvironment = false;
            o.Diagnostics.LoggerFactory = NullLoggerFactory.Instance;
            o.TimeProvider = clock;
        });
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.Diagnostics.LoggerFactory, Is.SameAs(NullLoggerFactory.Instance));
            Assert.That(options.TimeProvider, Is.SameAs(clock));
        });
    }
}
