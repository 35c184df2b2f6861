using System.Net;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.FixtureTests;

/// <summary><c>WithRawResponse</c>: every operation also returns status, headers, request id, rate limit, elapsed, attempts.</summary>
public class RawResponseTests
{
    private static DatagridClientOptions Options(TimeProvider? clock = null) => new()
    {
        ApiKey = "fixture-key",
        BaseUrl = new Uri("https://api.example.test/v1"),
        UseEnvironment = false,
        Retry = { MaxRetries = 2, InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        TimeProvider = clock ?? TimeProvider.System,
    };

    [Test]
    public async Task AnOperationWithABodyReturnsTheValueAndTheResponseDetails()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/agents/a1").Respond(_ =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250)); // the server takes a quarter of a second
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"a1","name":"Helper"}""", System.Text.Encoding.UTF8, "application/json") };
            response.Headers.Add("X-Request-Id", "req_123");
            response.Headers.Add("X-RateLimit-Limit", "200");
            response.Headers.Add("X-RateLimit-Remaining", "199");
            return response;
        });
        using var client = new DatagridClient(handler.ToHttpClient(), Options(clock));

        DatagridResponse<Agent> response = await client.Agents.WithRawResponse.GetAgentAsync("a1");

        Assert.Multiple(() =>
        {
            Assert.That(response.Value.Name, Is.EqualTo("Helper"));
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(response.RequestId, Is.EqualTo("req_123"));
            Assert.That(response.Headers["content-type"].Single(), Does.StartWith("application/json"));
            Assert.That(response.RateLimit, Is.EqualTo(new RateLimitInfo(200, 199, null, null)));
            Assert.That(response.Elapsed, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(response.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AttemptsCountTheRetriesOfTheCall()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/m1").Respond(HttpStatusCode.ServiceUnavailable);
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/m1").Respond(HttpStatusCode.ServiceUnavailable);
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/m1")
            .Respond(HttpStatusCode.NoContent, [new("Request-Id", "req_9")], new StringContent(string.Empty));
        using var client = new MemoryClient(handler.ToHttpClient(), Options());

        DatagridResponse response = await client.WithRawResponse.DeleteUserMemoryAsync("m1");

        handler.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(204));
            Assert.That(response.Attempts, Is.EqualTo(3));
            Assert.That(response.RequestId, Is.EqualTo("req_9"));
            Assert.That(response.RateLimit, Is.Null);
        });
    }

    [Test]
    public async Task ARawCallThrowsWhatThePlainCallThrows()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/agents/gone").Respond(HttpStatusCode.NotFound, "application/json", """{"message":"no such agent"}""");
        using var client = new DatagridClient(handler.ToHttpClient(), Options());

        Assert.ThrowsAsync<DatagridNotFoundException>(() => client.Agents.GetAgentAsync("gone"));
        Assert.ThrowsAsync<DatagridNotFoundException>(() => client.Agents.WithRawResponse.GetAgentAsync("gone"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ThroughTheInterfacesToo()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Get, "https://api.example.test/v1/user-memories*")
            .Respond("application/json", """{"data":[],"pagination":{"has_more":false}}""");
        using var client = new DatagridClient(handler.ToHttpClient(), Options());
        IDatagridClient root = client;

        var page = await root.Memory.WithRawResponse.ListUserMemoriesAsync(new ListUserMemoriesParameters { Limit = 10 });

        Assert.That(page.Value.Pagination.HasMore, Is.False);
    }
}
