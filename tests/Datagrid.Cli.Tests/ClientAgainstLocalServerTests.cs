using Datagrid.LocalServer;

namespace Datagrid.Cli.Tests;

/// <summary>The real client over loopback against the local server: the statuses a bulk delete meets.</summary>
public class ClientAgainstLocalServerTests
{
    // The client-side limiter is off: these tests are about what the server's 429 turns into, which the limiter
    // would otherwise avoid by waiting.
    private static MemoryClient ClientFor(LocalDatagridServer server, string key = LocalServerOptions.DefaultApiKey, int maxRetries = 0) =>
        new(new DatagridClientOptions { BaseUrl = server.BaseUrl, ApiKey = key, Retry = { MaxRetries = maxRetries }, UseEnvironment = false, RateLimiting = { Enabled = false } });

    [Test]
    public async Task DeletesWith204AndReportsAbsentIdsAsNotFound()
    {
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 1 });
        using var client = ClientFor(server);

        await client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1));
        var notFound = Assert.ThrowsAsync<DatagridNotFoundException>(() => client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1)));

        Assert.Multiple(() =>
        {
            Assert.That(server.RemainingMemoryCount, Is.Zero);
            Assert.That(notFound!.StatusCode, Is.EqualTo(404));
            Assert.That(notFound.RateLimit?.Limit, Is.EqualTo(200), "rate-limit headers reach the exception");
        });
    }

    [Test]
    public async Task AWrongKeyIsAnAuthenticationErrorThatDoesNotLeakTheKey()
    {
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 1 });
        using var client = ClientFor(server, key: "sk-secret-wrong");

        var e = Assert.ThrowsAsync<DatagridAuthenticationException>(() => client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1)));

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(401));
            Assert.That(e.ToString(), Does.Not.Contain("sk-secret-wrong"));
            Assert.That(server.RemainingMemoryCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A429CarriesTheBodyAndRetryAfter()
    {
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 2, Limit = 1, Window = TimeSpan.FromSeconds(30) });

        // Another process with the same key used the window up: this client has not seen it, so even a client-side
        // limiter sends the request and the server's 429 is what it gets.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var other = ClientFor(server))
        {
            await other.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1));
        }

        using var client = ClientFor(server);
        var e = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(2)));
        var elapsed = watch.Elapsed; // on a busy machine the two calls may be seconds apart: the window has that much less left

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(429));
            Assert.That(e.ErrorCode, Is.EqualTo("rate_limit_exceeded"));
            Assert.That(e.Retryable, Is.True);
            Assert.That(e.Reason, Does.Contain("sliding window"));
            Assert.That(e.RetryAfter, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30) - elapsed).And.LessThanOrEqualTo(TimeSpan.FromSeconds(30)), "what is left of the window");
            Assert.That(e.RateLimit?.Remaining, Is.Zero);
            Assert.That(server.RemainingMemoryIds, Does.Contain(LocalServerOptions.SeededId(2)));
        });
    }

    [Test]
    public async Task InjectedFaultsSurfaceAsServerAndConnectionErrors()
    {
        await using var failing = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 1, Faults = new FaultOptions { ServerErrorRate = 1 } });
        await using var dropping = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 1, Faults = new FaultOptions { DropConnectionRate = 1 } });
        using var toFailing = ClientFor(failing);
        using var toDropping = ClientFor(dropping);

        Assert.Multiple(() =>
        {
            Assert.That(() => toFailing.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1)), Throws.InstanceOf<DatagridServerException>());
            Assert.That(() => toDropping.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1)), Throws.InstanceOf<DatagridConnectionException>());
        });
    }

    [Test]
    public async Task WaitsOutA429AndSucceeds()
    {
        // One real wait of at most a second: the limit allows 1 request per 1 s window.
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 2, Limit = 1, Window = TimeSpan.FromSeconds(1) });
        using var client = ClientFor(server, maxRetries: 2);
        await client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(1));
        await client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(2));

        Assert.Multiple(() =>
        {
            Assert.That(server.RemainingMemoryCount, Is.Zero);
            Assert.That(server.Counters.Deletes, Is.EqualTo(2));
        });
    }
}
