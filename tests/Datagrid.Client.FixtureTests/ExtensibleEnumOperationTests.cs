using Newtonsoft.Json.Linq;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.FixtureTests;

/// <summary>
/// Generated from a spec with inline enums in a response (optional, nested, inside array items) and an enum query
/// parameter: a response the server has since extended is still read, and a value the spec does not list can be sent.
/// </summary>
public class ExtensibleEnumOperationTests
{
    private static DatagridClientOptions Options() =>
        new() { ApiKey = "fixture-key", BaseUrl = new Uri("https://api.example.test/v1"), UseEnvironment = false, Retry = { MaxRetries = 0 } };

    [Test]
    public async Task AResponseWithNewEnumValuesAndNewPropertiesIsReadByTheOlderClient()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/user-memories").Respond("application/json", """
            {"data":[
               {"id":"m1","content":"c","created_at":"2026-11-01T10:00:00Z","kind":"episode","source":{"channel":"sms","device":"phone"},"score":0.5},
               {"id":"m2","content":"c","created_at":"2026-11-01T10:00:00Z","kind":"fact"},
               {"id":"m3","content":"c","created_at":"2026-11-01T10:00:00Z","kind":null}],
             "pagination":{"has_more":false},"cursor":"abc"}
            """);
        using var client = new MemoryClient(handler.ToHttpClient(), Options());

        var page = await client.ListUserMemoriesAsync();

        var items = page.Data.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(items[0].Kind?.ToString(), Is.EqualTo("episode"));
            Assert.That(items[0].Kind, Is.Not.EqualTo(ListUserMemoriesResponseDataItemKind.Fact));
            Assert.That(items[0].Source?.Channel, Is.EqualTo(new ListUserMemoriesResponseDataItemSourceChannel("sms")));
            Assert.That(items[0].Source!.AdditionalProperties["device"], Is.EqualTo("phone"));
            Assert.That(items[0].AdditionalProperties["score"], Is.EqualTo(0.5));
            Assert.That(items[1].Kind, Is.EqualTo(ListUserMemoriesResponseDataItemKind.Fact));
            Assert.That(items[2].Kind, Is.Null);
            Assert.That(page.AdditionalProperties["cursor"], Is.EqualTo("abc"));
        });
        var written = JObject.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(items[0]));
        Assert.That(written["kind"]?.Value<string>(), Is.EqualTo("episode"));
        Assert.That(written["source"]?["channel"]?.Value<string>(), Is.EqualTo("sms"));
    }

    [Test]
    public async Task ValuesNamedLikeTheStructsOwnMembersGetASuffixAndIntegerEnumsReadUnknownNumbers()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/agents/a1")
            .Respond("application/json", """{"id":"a1","name":"n","match_mode":"equals","tier":7}""");
        using var client = new AgentsClient(handler.ToHttpClient(), Options());

        var agent = await client.GetAgentAsync("a1");

        Assert.Multiple(() =>
        {
            Assert.That(agent.MatchMode, Is.EqualTo(AgentMatchMode.EqualsValue));
            Assert.That(AgentMatchMode.ToStringValue.ToString(), Is.EqualTo("to_string"));
            Assert.That(AgentMatchMode.GetHashCodeValue.ToString(), Is.EqualTo("get_hash_code"));
            Assert.That(AgentMatchMode.AgentMatchModeValue.ToString(), Is.EqualTo("agent_match_mode"));
            Assert.That(AgentMatchMode.Contains.ToString(), Is.EqualTo("contains"));
            Assert.That(typeof(AgentTier).IsEnum, Is.True, "integer enums stay C# enums");
            Assert.That((int?)agent.Tier, Is.EqualTo(7), "an unknown number is read into the C# enum");
        });
    }

    [Test]
    public async Task AQueryEnumValueTheSpecDoesNotListIsSentAsGiven()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Get, "https://api.example.test/v1/user-memories")
            .WithExactQueryString("sort_order=relevance")
            .Respond("application/json", """{"data":[],"pagination":{"has_more":false}}""");
        using var client = new MemoryClient(handler.ToHttpClient(), Options());

        await client.ListUserMemoriesAsync(new ListUserMemoriesParameters { SortOrder = "relevance" });

        handler.VerifyNoOutstandingExpectation();
    }
}
