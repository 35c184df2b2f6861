using Datagrid.Client.Redis.Tests;
using Datagrid.LocalServer;
using StackExchange.Redis;

namespace Datagrid.RateLimit.Conformance;

/// <summary>Runs every row of <see cref="Scenarios"/> against each implementation it has steps for.</summary>
[NonParallelizable]
public class ConformanceTests
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public static IEnumerable<TestCaseData> Cases() =>
        from scenario in Scenarios.All
        from implementation in Enum.GetValues<Implementation>()
        where scenario.Applies(implementation)
        select new TestCaseData(scenario, implementation).SetName($"{implementation}: {scenario.Rule} {scenario.Name}");

    [OneTimeSetUp]
    public async Task StartRedis()
    {
        _redis = new RedisServer();
        _redis.Start();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
    }

    [OneTimeTearDown]
    public void StopRedis()
    {
        _connection?.Dispose();
        _redis?.Dispose();
    }

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(30_000)]
    public async Task RowHolds(Scenario scenario, Implementation implementation)
    {
        if (scenario.Differs.TryGetValue(implementation, out var why))
        {
            Assert.Ignore($"Deliberately different: {why}");
        }

        if (implementation == Implementation.ServerWindow)
        {
            RunServer(scenario);
            return;
        }

        using var local = implementation == Implementation.LocalLimiter ? new LocalLimiterRunner(scenario) : null;
        ILimiterRunner runner = local ?? (ILimiterRunner)new RedisLimiterRunner(scenario, _connection.GetDatabase());
        foreach (var (step, index) in scenario.Steps.Select((s, i) => (s, i)))
        {
            switch (step)
            {
                case Ask ask:
                    var permit = await runner.AskAsync(ask.At, ask.Id);
                    Assert.That(permit, Is.EqualTo(ask.Expect), $"step {index + 1}: ask for {ask.Id} at {ask.At} ms");
                    break;
                case Answer answer:
                    await runner.AnswerAsync(answer);
                    break;
                case Cancel cancel:
                    await runner.CancelAsync(cancel.At, cancel.Id);
                    break;
            }

            runner.CheckInvariants();
        }
    }

    private static void RunServer(Scenario scenario)
    {
        var window = new SlidingWindowLog(scenario.Limit ?? throw new InvalidOperationException("A server row needs a limit."), TimeSpan.FromMilliseconds(scenario.WindowMs));
        var scope = new RateLimitScope("key", "teamspace", "/v1/user-memories/{user_memory_id}", "DELETE");
        var startSeconds = Scenarios.Start.ToUnixTimeSeconds();
        foreach (var (arrive, index) in scenario.Steps.OfType<Arrive>().Select((s, i) => (s, i)))
        {
            var decision = window.TryAcquire(scope, Scenarios.Start.AddMilliseconds(arrive.At));
            var verdict = new Verdict(
                decision.Allowed,
                decision.Remaining,
                decision.ResetEpochSeconds - startSeconds,
                decision.Remaining == 0 ? decision.RetryAfterSeconds : null);
            Assert.That(verdict, Is.EqualTo(arrive.Expect), $"arrival {index + 1} at {arrive.At} ms");
        }
    }
}
