using System.Net;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.FixtureTests;

/// <summary>
/// Operations that exist only in the fixture spec, with no hand-written code for them, get auth, headers, error
/// mapping and .NET naming from the shared layer.
/// </summary>
public class GeneratedOperationsTests
{
    private const string Key = "fixture-key";

    private static DatagridClientOptions Options() =>
        new() { ApiKey = Key, BaseUrl = new Uri("https://api.example.test/v1"), UseEnvironment = false, Retry = { MaxRetries = 0 }, Teamspace = "t1" };

    [Test]
    public async Task ListSendsQueryParametersWithAuthAndParsesThePage()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Get, "https://api.example.test/v1/user-memories")
            .WithExactQueryString("limit=50&offset=100&sort_order=oldest_first")
            .WithHeaders("Authorization", $"Bearer {Key}")
            .WithHeaders("Datagrid-Teamspace", "t1")
            .Respond("application/json", """
                {"data":[{"id":"m1","content":"likes tea","created_at":"2026-11-01T10:00:00Z","kind":"preference","source":{"channel":"email"}}],
                 "pagination":{"has_more":true,"next_offset":150}}
                """);
        using var client = new MemoryClient(handler.ToHttpClient(), Options());

        ListUserMemoriesResponse page = await client.ListUserMemoriesAsync(
            new ListUserMemoriesParameters { Limit = 50, Offset = 100, SortOrder = ListUserMemoriesSortOrder.OldestFirst });

        handler.VerifyNoOutstandingExpectation();
        ListUserMemoriesResponseDataItem memory = page.Data.Single();
        Assert.Multiple(() =>
        {
            Assert.That(page.Pagination.HasMore, Is.True);
            Assert.That(page.Pagination.NextOffset, Is.EqualTo(150));
            Assert.That(memory.Id, Is.EqualTo("m1"));
            Assert.That(memory.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero)));
            Assert.That(memory.Kind, Is.EqualTo(ListUserMemoriesResponseDataItemKind.Preference));
            Assert.That(memory.Source?.Channel, Is.EqualTo(ListUserMemoriesResponseDataItemSourceChannel.Email));
        });
    }

    [Test]
    public async Task OptionalInputsComeFromTheParametersObjectAndAreLeftOutWhenNull()
    {
        using var handler = new MockHttpMessageHandler();
        const string Page = """{"data":[],"pagination":{"has_more":false}}""";
        var none = handler.Expect(HttpMethod.Get, "https://api.example.test/v1/user-memories").WithExactQueryString(string.Empty).Respond("application/json", Page);
        handler.Expect(HttpMethod.Get, "https://api.example.test/v1/user-memories").WithExactQueryString(string.Empty).Respond("application/json", Page);
        handler.Expect(HttpMethod.Get, "https://api.example.test/v1/user-memories").WithExactQueryString("offset=0")
            .WithHeaders("Datagrid-Trace-Label", "nightly").Respond("application/json", Page);
        using var client = new MemoryClient(handler.ToHttpClient(), Options());

        await client.ListUserMemoriesAsync(CancellationToken.None);
        await client.ListUserMemoriesAsync(parameters: null);
        await client.ListUserMemoriesAsync(new ListUserMemoriesParameters { Offset = 0, DatagridTraceLabel = "nightly" }, CancellationToken.None);

        handler.VerifyNoOutstandingExpectation();
        Assert.That(handler.GetMatchCount(none), Is.EqualTo(1));
    }

    [Test]
    public async Task CreatePostsTheBodyAndReturnsTheCreatedMemory()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Post, "https://api.example.test/v1/user-memories")
            .WithHeaders("Authorization", $"Bearer {Key}")
            .WithContent("""{"content":"prefers metric units"}""")
            .Respond(HttpStatusCode.Created, "application/json", """{"id":"m2","content":"prefers metric units","created_at":"2026-11-02T00:00:00Z"}""");
        using var client = new MemoryClient(handler.ToHttpClient(), Options());

        var created = await client.CreateUserMemoryAsync(new CreateUserMemoryRequest { Content = "prefers metric units" });

        handler.VerifyNoOutstandingExpectation();
        Assert.That(created.Id, Is.EqualTo("m2"));
    }

    [Test]
    public void ErrorsOfNewOperationsAreTyped()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/user-memories").Respond(HttpStatusCode.TooManyRequests, "text/html", "<html>slow down</html>");
        handler.When(HttpMethod.Get, "https://api.example.test/v1/agents/a1").Respond(HttpStatusCode.Unauthorized);
        using var memories = new MemoryClient(handler.ToHttpClient(), Options());
        using var agents = new AgentsClient(handler.ToHttpClient(), Options());

        var rateLimited = Assert.ThrowsAsync<DatagridRateLimitException>(() => memories.ListUserMemoriesAsync());
        Assert.ThrowsAsync<DatagridAuthenticationException>(() => agents.GetAgentAsync("a1"));

        Assert.That(rateLimited!.ResponseBody, Is.EqualTo("<html>slow down</html>"));
    }

    [Test]
    public void PathParametersOfANewTagAreCheckedAndNamedTheDotNetWay()
    {
        using var handler = new MockHttpMessageHandler();
        using var agents = new AgentsClient(handler.ToHttpClient(), Options());

        var ex = Assert.ThrowsAsync<ArgumentException>(() => agents.GetAgentAsync(".."));

        Assert.That(ex!.ParamName, Is.EqualTo("agentId"));
    }

    [Test]
    public async Task ANewTagGetsEveryConstructor()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/agents/a%2Fb").Respond("application/json", """{"id":"a/b","name":"Helper"}""");
        using var client = new AgentsClient(handler.ToHttpClient(), Options());

        var agent = await client.GetAgentAsync("a/b");

        Assert.That(agent.Name, Is.EqualTo("Helper"));
        Assert.That(typeof(AgentsClient).GetConstructor(Type.EmptyTypes), Is.Not.Null, "environment constructor");
        Assert.That(typeof(AgentsClient).GetConstructor([typeof(DatagridClientOptions)]), Is.Not.Null, "options constructor");
    }
}
