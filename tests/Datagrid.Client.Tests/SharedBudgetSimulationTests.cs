using Datagrid.Client.Tests.Simulation;

namespace Datagrid.Client.Tests;

/// <summary>
/// Several processes, each with its own limiter, sharing one server budget never hang, and every
/// wait is bounded by the latest server-given time plus one window (checked after every step by the simulation).
/// </summary>
public class SharedBudgetSimulationTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [TestCase(1, 2), TestCase(2, 3), TestCase(3, 4), TestCase(4, 8), TestCase(5, 5), TestCase(6, 7)]
    public void SeveralLimitersOnOneBudgetAllFinishWithBoundedWaits(int seed, int processes)
    {
        var result = LimiterSimulation.Run(seed, processes, idsPerProcess: 400 / processes, concurrency: 8, limit: 100, Window, HeaderMode.Full);
        TestContext.Out.WriteLine(result);
        Assert.That(result.Steps, Is.GreaterThan(1000), "thousands of steps");

        // Fake time, so deterministic: no worker starved, the whole run within 1.2x the minimum.
        Assert.That(result.FinishTimes, Is.All.LessThanOrEqualTo(result.Minimum * 1.2), result.ToString());
    }

    [TestCase(11, 3, (int)HeaderMode.RetryAfterOnly), TestCase(12, 4, (int)HeaderMode.None), TestCase(13, 2, (int)HeaderMode.RetryAfterOnly)]
    public void WithoutRateLimitHeadersTooEveryCallCompletes(int seed, int processes, int mode)
    {
        var result = LimiterSimulation.Run(seed, processes, idsPerProcess: 60, concurrency: 4, limit: 30, Window, (HeaderMode)mode);
        TestContext.Out.WriteLine(result);
    }

    [Test]
    public void AtDatagridsRealWindowThreeProcessesAllFinish()
    {
        // The case that once hung: 3 processes x 30 ids, 30 per 60 s.
        var result = LimiterSimulation.Run(seed: 21, processes: 3, idsPerProcess: 30, concurrency: 8, limit: 30, TimeSpan.FromSeconds(60), HeaderMode.Full);
        TestContext.Out.WriteLine(result);
        Assert.That(result.FinishTimes, Is.All.LessThanOrEqualTo(result.Minimum * 1.2), result.ToString());
    }
}
