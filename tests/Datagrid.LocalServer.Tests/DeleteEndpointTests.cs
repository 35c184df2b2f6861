using System.Net;
using System.Text.Json;

namespace Datagrid.LocalServer.Tests;

public class DeleteEndpointTests
{
    [Test]
    public async Task DeletesAnExistingMemoryWith204AndNoBody()
    {
        await using var h = await ServerHarness.StartAsync();
        var id = LocalServerOptions.SeededId(1);

        using var response = await h.DeleteAsync(id);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(h.Server.RemainingMemoryIds, Does.Not.Contain(id));
            Assert.That(h.Server.RemainingMemoryCount, Is.EqualTo(4));
            Assert.That(h.Server.Counters.Deletes, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnsweresA404WhenTheMemoryDoesNotExistOrIsAlreadyGone()
    {
        await using var h = await ServerHarness.StartAsync();
        var id = LocalServerOptions.SeededId(2);
        using var first = await h.DeleteAsync(id);
        using var second = await h.DeleteAsync(id);
        using var unknown = await h.DeleteAsync("never-existed");

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            using var body = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("status_code").GetInt32(), Is.EqualTo(404));
            Assert.That(h.Server.Counters.Deletes, Is.EqualTo(1));
            Assert.That(h.Server.Counters.NotFound, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ARouteLevel404IsNotInTheApisNotFoundShape()
    {
        // A client given the root instead of /v1 must be able to tell "no such route" from "no such memory".
        await using var h = await ServerHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(h.Server.BaseUrl, "/user-memories/" + LocalServerOptions.SeededId(1)));
        request.Headers.Authorization = new("Bearer", LocalServerOptions.DefaultApiKey);
        using var routeLevel = await h.Http.SendAsync(request);
        using var memoryLevel = await h.DeleteAsync("never-existed");

        Assert.Multiple(async () =>
        {
            Assert.That(routeLevel.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(routeLevel.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(await routeLevel.Content.ReadAsStringAsync(), Does.Contain("/v1/"));
            Assert.That(memoryLevel.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            using var body = JsonDocument.Parse(await memoryLevel.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("error").GetString(), Is.EqualTo("not_found"));
            Assert.That(h.Server.RemainingMemoryIds, Does.Contain(LocalServerOptions.SeededId(1)));
        });
    }

    [TestCase(null, TestName = "401 without a bearer token")]
    [TestCase("wrong-key", TestName = "401 with a wrong bearer token")]
    public async Task RefusesUnauthenticatedRequestsWithoutDeleting(string? token)
    {
        await using var h = await ServerHarness.StartAsync();
        var id = LocalServerOptions.SeededId(1);

        using var response = await h.DeleteAsync(id, token);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(h.Server.RemainingMemoryIds, Does.Contain(id));
            Assert.That(h.Server.Counters.Deletes, Is.Zero);
            Assert.That(h.Server.Counters.Unauthorized, Is.EqualTo(1));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("wrong-key"), "a key must never be echoed");
        });
    }

    [Test]
    public async Task AcceptsAnyConfiguredKeyAndExplicitSeedIds()
    {
        await using var h = await ServerHarness.StartAsync(o =>
        {
            o.ApiKeys.Clear();
            o.ApiKeys.Add("a");
            o.ApiKeys.Add("b");
            o.SeedCount = 0;
            o.SeedIds.Add("x-1");
            o.SeedIds.Add("x-2");
        });

        using var withA = await h.DeleteAsync("x-1", "a");
        using var withB = await h.DeleteAsync("x-2", "b");
        using var withDefault = await h.DeleteAsync("x-2", LocalServerOptions.DefaultApiKey);

        Assert.Multiple(() =>
        {
            Assert.That(withA.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(withB.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(withDefault.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task ServesOnLoopbackUnderV1()
    {
        await using var h = await ServerHarness.StartAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Server.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(h.Server.BaseUrl.Port, Is.GreaterThan(0));
            Assert.That(h.Server.BaseUrl.AbsolutePath, Is.EqualTo("/v1"));
        });
    }

    [Test]
    public void RejectsInvalidOptionsBeforeStarting()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => LocalDatagridServer.StartAsync(new LocalServerOptions { Limit = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => LocalDatagridServer.StartAsync(new LocalServerOptions { Faults = new FaultOptions { ServerErrorRate = 1.5 } }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            var noKeys = new LocalServerOptions();
            noKeys.ApiKeys.Clear();
            Assert.That(() => LocalDatagridServer.StartAsync(noKeys), Throws.ArgumentException);
        });
    }
}
