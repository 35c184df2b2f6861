using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.FixtureTests;

/// <summary>The generated root client: one property per tag, one pipeline for all of them.</summary>
public class RootClientTests
{
    private static DatagridClientOptions Options() =>
        new() { ApiKey = "fixture-key", BaseUrl = new Uri("https://api.example.test/v1"), UseEnvironment = false, Retry = { MaxRetries = 0 } };

    [Test]
    public async Task EveryTagClientSendsThroughTheRootClientsPipeline()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/agents/a1")
            .Respond(HttpStatusCode.OK, [new("X-RateLimit-Limit", "200"), new("X-RateLimit-Remaining", "41")], "application/json", """{"id":"a1","name":"Helper"}""");
        handler.When(HttpMethod.Delete, "https://api.example.test/v1/user-memories/m1")
            .Respond(HttpStatusCode.NoContent, [new("X-RateLimit-Limit", "200"), new("X-RateLimit-Remaining", "40")], new StringContent(string.Empty));
        using var client = new DatagridClient(handler.ToHttpClient(), Options());

        await client.Agents.GetAgentAsync("a1");
        var afterAgents = client.Memory.LastRateLimit?.Remaining;
        await client.Memory.DeleteUserMemoryAsync("m1");

        // One pipeline: what one tag client's call saw is the state every tag client and the root report.
        Assert.Multiple(() =>
        {
            Assert.That(afterAgents, Is.EqualTo(41));
            Assert.That(client.LastRateLimit?.Remaining, Is.EqualTo(40));
            Assert.That(client.Agents.LastRateLimit?.Remaining, Is.EqualTo(40));
            Assert.That(((IDatagridClient)client).Memory, Is.SameAs(client.Memory));
            Assert.That(((IDatagridClient)client).Agents, Is.SameAs(client.Agents));
        });
    }

    [Test]
    public async Task DisposingATagClientLeavesTheSharedPipelineToTheRoot()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/m1").Respond(HttpStatusCode.NoContent);
        using var client = new DatagridClient(handler.ToHttpClient(), Options());

        // Were the tag client to dispose the pipeline, its rate limiter would be gone for every other tag client.
        client.Agents.Dispose();
        await client.Memory.DeleteUserMemoryAsync("m1");

        handler.VerifyNoOutstandingExpectation();
    }

    [Test]
    public void TheRootClientHasTheTagClientsConstructors()
    {
        Assert.Multiple(() =>
        {
            Assert.That(typeof(DatagridClient).GetConstructor(Type.EmptyTypes), Is.Not.Null, "environment");
            Assert.That(typeof(DatagridClient).GetConstructor([typeof(DatagridClientOptions)]), Is.Not.Null, "options");
            Assert.That(typeof(DatagridClient).GetConstructor([typeof(HttpClient), typeof(DatagridClientOptions)]), Is.Not.Null, "HttpClient");
        });
    }

    [Test]
    public async Task DependencyInjectionRegistersTheRootAndEveryTagClientOnOnePipeline()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, "https://api.example.test/v1/agents/a1").Respond("application/json", """{"id":"a1","name":"Helper"}""");
        var services = new ServiceCollection();
        services.AddDatagridClient(o =>
        {
            o.ApiKey = "fixture-key";
            o.BaseUrl = new Uri("https://api.example.test/v1");
            o.UseEnvironment = false;
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        await using var provider = services.BuildServiceProvider();

        var root = provider.GetRequiredService<DatagridClient>();
        var agents = await provider.GetRequiredService<IAgentsClient>().GetAgentAsync("a1");

        Assert.Multiple(() =>
        {
            Assert.That(agents.Name, Is.EqualTo("Helper"));
            Assert.That(provider.GetRequiredService<IDatagridClient>(), Is.SameAs(root));
            Assert.That(provider.GetRequiredService<AgentsClient>(), Is.SameAs(root.Agents), "a tag that exists only in this spec");
            Assert.That(provider.GetRequiredService<IAgentsClient>(), Is.SameAs(root.Agents));
            Assert.That(provider.GetRequiredService<MemoryClient>(), Is.SameAs(root.Memory));
            Assert.That(provider.GetRequiredService<IMemoryClient>(), Is.SameAs(root.Memory));
        });
    }
}
