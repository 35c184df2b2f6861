using Datagrid.Http;
using Datagrid.RateLimiting;

namespace Datagrid.Client.Tests;

/// <summary>
/// One window per (teamspace, method, path template), as Datagrid keeps them, also when requests alternate between
/// partitions (the limiter remembers the last partition it found, so a switch must not reuse it).
/// </summary>
public class RateLimitPartitionTests
{
    [Test]
    public void EachTeamspaceMethodAndPathHasItsOwnWindowWhateverTheOrder()
    {
        using var limiter = new DatagridRateLimiter(1, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), new TestClock());
        using var a = limiter.AttemptAcquire(Request("team-a"));
        using var b = limiter.AttemptAcquire(Request("team-b"));
        using var aAgain = limiter.AttemptAcquire(Request("team-a"));
        using var otherPath = limiter.AttemptAcquire(Request("team-a", "agents/{agent_id}"));
        using var otherMethod = limiter.AttemptAcquire(Request("team-a", method: HttpMethod.Get));
        using var bAgain = limiter.AttemptAcquire(Request("team-b"));

        Assert.Multiple(() =>
        {
            Assert.That(a.IsAcquired, Is.True);
            Assert.That(b.IsAcquired, Is.True, "another teamspace: its own window");
            Assert.That(aAgain.IsAcquired, Is.False, "team-a's one permit is in flight");
            Assert.That(otherPath.IsAcquired, Is.True, "another endpoint: its own window");
            Assert.That(otherMethod.IsAcquired, Is.True, "another method: its own window");
            Assert.That(bAgain.IsAcquired, Is.False, "back to team-b after other partitions: its permit is still in flight");
        });
    }

    private static HttpRequestMessage Request(string teamspace, string template = "user-memories/{user_memory_id}", HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Delete, "https://api.example.test/v1/user-memories/m1");
        request.Headers.TryAddWithoutValidation("Datagrid-Teamspace", teamspace);
        DatagridPipeline.PathTemplateKey.Set(request, template);
        return request;
    }
}
