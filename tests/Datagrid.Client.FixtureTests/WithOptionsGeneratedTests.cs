using System.Net;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.FixtureTests;

/// <summary>WithOptions is generated on every tag client (a tag only the fixture spec has included), with the spec's header parameters refused.</summary>
public class WithOptionsGeneratedTests
{
    private static DatagridClientOptions Options() =>
        new() { ApiKey = "fixture-key", BaseUrl = new Uri("https://api.example.test/v1"), UseEnvironment = false, Retry = { MaxRetries = 0 } };

    [Test]
    public async Task ANewTagsClientHasWithOptions_ReturningItsOwnType()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Get, "https://api.example.test/v1/agents/a1")
            .WithHeaders("X-Trace-Id", "abc")
            .Respond("application/json", """{"id":"a1","name":"Helper"}""");
        using var client = new DatagridClient(handler.ToHttpClient(), Options());

        AgentsClient agents = client.Agents.WithOptions(o => o.Headers["X-Trace-Id"] = "abc");
        await agents.GetAgentAsync("a1");

        handler.VerifyNoOutstandingExpectation();
        Assert.That(((IAgentsClient)client.Agents).WithOptions(o => o.MaxRetries = 1), Is.InstanceOf<AgentsClient>());
    }

    [TestCase("Datagrid-Trace-Label")]
    [TestCase("datagrid-trace-label")]
    public void AHeaderTheSpecDeclaresAsAParameterIsRefused_OnTheTagAndOnTheRoot(string name)
    {
        using var client = new DatagridClient(Options());

        var onTag = Assert.Throws<ArgumentException>(() => client.Memory.WithOptions(o => o.Headers[name] = "x"));
        var onRoot = Assert.Throws<ArgumentException>(() => client.WithOptions(o => o.Headers[name] = "x"));

        Assert.That(onTag!.Message, Does.Contain(name).And.Contain("header parameter"));
        Assert.That(onRoot!.Message, Does.Contain(name).And.Contain("header parameter"));
    }
}
