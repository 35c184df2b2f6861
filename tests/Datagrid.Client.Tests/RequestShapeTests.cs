using System.Net;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

public class RequestShapeTests
{
    [Test]
    public async Task DeleteSendsOneDeleteToTheUserMemoryUrlWithAuthAndIdentity()
    {
        using var handler = new MockHttpMessageHandler();
        HttpRequestMessage? seen = null;
        handler.When("*").Respond(request =>
        {
            seen = request;
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        using var client = TestClients.Create(handler);

        await client.DeleteUserMemoryAsync("mem_123");

        Assert.That(seen, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(seen!.Method, Is.EqualTo(HttpMethod.Delete));
            Assert.That(seen.RequestUri!.AbsoluteUri, Is.EqualTo("https://api.example.test/v1/user-memories/mem_123"));
            Assert.That(seen.Headers.Authorization?.Scheme, Is.EqualTo("Bearer"));
            Assert.That(seen.Headers.Authorization?.Parameter, Is.EqualTo(TestClients.ApiKey));
            Assert.That(seen.Headers.UserAgent.ToString(), Does.StartWith("Datagrid.Client/"));
            Assert.That(seen.Headers.Contains("Datagrid-Teamspace"), Is.False, "no teamspace configured, none sent");
            Assert.That(seen.Content, Is.Null, "a delete has no body");
        });
    }

    [Test]
    public async Task ConsecutiveCallsOnOneThreadEachAddressTheirOwnUrl()
    {
        // The generated code reuses one URL builder per thread: nothing of a longer URL may survive into the next one,
        // whichever client (base URL) builds it.
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/mem_0123456789abcdef0123456789").Respond(HttpStatusCode.NoContent);
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/a").Respond(HttpStatusCode.NoContent);
        handler.Expect(HttpMethod.Delete, "https://other.example.test/user-memories/b").Respond(HttpStatusCode.NoContent);
        using var client = TestClients.Create(handler);
        using var other = TestClients.Create(handler, o => o.BaseUrl = new Uri("https://other.example.test"));

        await client.DeleteUserMemoryAsync("mem_0123456789abcdef0123456789");
        await client.DeleteUserMemoryAsync("a");
        await other.DeleteUserMemoryAsync("b");

        handler.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task TeamspaceAndDefaultHeadersAreSentOnEveryRequest()
    {
        using var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/a")
            .WithHeaders("Datagrid-Teamspace", "team-42")
            .WithHeaders("X-Trace", "abc")
            .Respond(HttpStatusCode.NoContent);
        handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/b")
            .WithHeaders("Datagrid-Teamspace", "team-42")
            .WithHeaders("X-Trace", "abc")
            .Respond(HttpStatusCode.NoContent);
        using var client = TestClients.Create(handler, o =>
        {
            o.Teamspace = "team-42";
            o.DefaultHeaders["X-Trace"] = "abc";
        });

        await client.DeleteUserMemoryAsync("a");
        await client.DeleteUserMemoryAsync("b");

        handler.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task BaseUrlWithOrWithoutTrailingSlashAddressesTheSameUrl()
    {
        foreach (var baseUrl in new[] { "https://api.example.test/v1", "https://api.example.test/v1/" })
        {
            using var handler = new MockHttpMessageHandler();
            handler.Expect(HttpMethod.Delete, "https://api.example.test/v1/user-memories/x").Respond(HttpStatusCode.NoContent);
            using var client = TestClients.Create(handler, o => o.BaseUrl = new Uri(baseUrl));

            await client.DeleteUserMemoryAsync("x");

            handler.VerifyNoOutstandingExpectation();
        }
    }

    [Test]
    public async Task OneClientServesConcurrentCalls()
    {
        using var handler = new MockHttpMessageHandler();
        var count = 0;
        handler.When(HttpMethod.Delete, "https://api.example.test/v1/user-memories/*").Respond(_ =>
        {
            Interlocked.Increment(ref count);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        using var client = TestClients.Create(handler);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.DeleteUserMemoryAsync($"m{i}")));

        Assert.That(count, Is.EqualTo(200));
    }
}
