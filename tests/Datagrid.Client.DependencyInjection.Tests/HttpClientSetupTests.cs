using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>The factory client the singleton MemoryClient is built on: why a long-lived client stays healthy.</summary>
public class HttpClientSetupTests
{
    [Test]
    public async Task PrimaryHandler_RecyclesConnections_SoTheLongLivedClientSeesDnsChanges()
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(TestServices.ValidSection()).GetSection("Datagrid"));
        await using var provider = services.BuildServiceProvider();

        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(DatagridServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        Assert.That(handler, Is.TypeOf<SocketsHttpHandler>());
        Assert.That(((SocketsHttpHandler)handler).PooledConnectionLifetime, Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public async Task HttpClientTimeout_IsOff_BecauseTheClientTimesEachAttempt()
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(TestServices.ValidSection()).GetSection("Datagrid"));
        await using var provider = services.BuildServiceProvider();

        using var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(DatagridServiceCollectionExtensions.HttpClientName);

        Assert.That(httpClient.Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
    }

    [Test]
    public async Task PrimaryHandler_NeverFollowsRedirects_SoTheKeyAndTeamspaceStayWithTheApi()
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(TestServices.ValidSection()).GetSection("Datagrid"));
        await using var provider = services.BuildServiceProvider();

        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(DatagridServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        Assert.That(((SocketsHttpHandler)handler).AllowAutoRedirect, Is.False);
    }
}
