using System.Net;

namespace Datagrid.LocalServer.Tests;

public class FaultInjectionTests
{
    [Test]
    public async Task InjectedServerErrorsAnswer500AndDeleteNothing()
    {
        await using var h = await ServerHarness.StartAsync(o => o.Faults = new FaultOptions { ServerErrorRate = 1 });
        using var response = await h.DeleteAsync(LocalServerOptions.SeededId(1));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(HeaderValues.Get(response, "X-RateLimit-Limit"), Is.Not.Null);
            Assert.That(h.Server.RemainingMemoryIds, Does.Contain(LocalServerOptions.SeededId(1)));
            Assert.That(h.Server.Counters.ServerErrors, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DroppedConnectionsReachTheClientAsATransportError()
    {
        await using var h = await ServerHarness.StartAsync(o => o.Faults = new FaultOptions { DropConnectionRate = 1 });
        Assert.That(() => h.DeleteAsync(LocalServerOptions.SeededId(1)), Throws.InstanceOf<HttpRequestException>());
        Assert.Multiple(() =>
        {
            Assert.That(h.Server.Counters.DroppedConnections, Is.EqualTo(1));
            Assert.That(h.Server.RemainingMemoryIds, Does.Contain(LocalServerOptions.SeededId(1)));
        });
    }

    [Test]
    public async Task FaultsAreRepeatableForAGivenSeed()
    {
        async Task<string> RunAsync()
        {
            await using var h = await ServerHarness.StartAsync(o => o.Faults = new FaultOptions { ServerErrorRate = 0.5, Seed = 42 });
            var statuses = new List<int>();
            for (var i = 0; i < 20; i++)
            {
                using var r = await h.DeleteAsync("x");
                statuses.Add((int)r.StatusCode);
            }

            return string.Join(",", statuses);
        }

        var first = await RunAsync();
        var second = await RunAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first, Does.Contain("500").And.Contain("404"), "a 0.5 share gives both outcomes in 20 draws");
        });
    }

    [Test]
    public async Task AddedLatencyRunsOnTheServersClock()
    {
        await using var h = await ServerHarness.StartAsync(o => o.Faults = new FaultOptions { AddedLatency = TimeSpan.FromSeconds(30) });
        var pending = h.DeleteAsync(LocalServerOptions.SeededId(1));

        // The request waits on the fake clock: it cannot finish until the test moves time.
        await WaitUntilAsync(() => h.Server.Counters.Requests == 1);
        Assert.That(pending.IsCompleted, Is.False);

        // The handler may not have armed its delay yet when the counter moves, so keep moving the clock until it answers.
        for (var i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(pending, Task.Delay(20));
        }

        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Polls for the request to reach the server; bounded so a bug fails instead of hanging.
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "condition not reached");
    }
}
