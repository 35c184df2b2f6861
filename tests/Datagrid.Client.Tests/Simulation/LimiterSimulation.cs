using Datagrid.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests.Simulation;

/// <summary>The figures of one simulated run.</summary>
internal sealed record SimulationResult(
    TimeSpan Elapsed,
    TimeSpan Minimum,
    int Ids,
    int Sent,
    int Refused,
    int Steps,
    IReadOnlyList<TimeSpan> FinishTimes,
    IReadOnlyList<TimeSpan> RefusedAt)
{
    public double RefusedShare => Sent == 0 ? 0 : (double)Refused / Sent;

    public double Slowdown => Elapsed / Minimum;

    public override string ToString() =>
        $"elapsed {Elapsed.TotalSeconds:0.0} s (minimum {Minimum.TotalSeconds:0.0} s, x{Slowdown:0.00}), {Refused} of {Sent} refused " +
        $"({RefusedShare:P1}), workers done at {string.Join(", ", FinishTimes.Select(t => $"{t.TotalSeconds:0.0}"))} s, {Steps} steps";
}

/// <summary>
/// Several independent processes (one limiter each, nothing shared) against one simulated sliding-window server, on
/// a fake clock advanced in random small steps. After every step it checks the no-hang bound: a process with a
/// waiting call gets a permit no later than a window after the latest of its last permit's response, the latest
/// server-given time (Reset, Retry-After) and when the wait began; and each limiter's own invariants after every step.
/// </summary>
internal static class LimiterSimulation
{
    public static SimulationResult Run(
        int seed,
        int processes,
        int idsPerProcess,
        int concurrency,
        int limit,
        TimeSpan window,
        HeaderMode mode,
        TimeSpan? clientWindow = null,
        int maxSteps = 2_000_000)
    {
        var random = new Random(seed);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var server = new SimulatedServer(clock, limit, window, mode);
        var maxLatency = TimeSpan.FromMilliseconds(40);
        var limiterWindow = clientWindow ?? window;
        var workers = Enumerable.Range(0, processes)
            .Select(i => new SimulatedProcess(
                i, idsPerProcess, concurrency,
                new SlidingWindowLogLimiter(null, limiterWindow, clock, TimeSpan.FromSeconds(60)),
                clock, server, new Random(random.Next()), maxLatency))
            .ToList();
        try
        {
            var steps = 0;
            var maxStep = TimeSpan.FromMilliseconds(20);
            while (workers.Any(w => !w.Finished))
            {
                Assert.That(steps++, Is.LessThan(maxSteps), $"seed {seed}: no finish after {maxSteps} steps; done {string.Join("/", workers.Select(w => w.Done))}");

                // Workers take turns in a random order, as processes would.
                foreach (var worker in workers.OrderBy(_ => random.Next()))
                {
                    worker.Step();
                    worker.Limiter.CheckInvariants();
                }

                var now = clock.GetUtcNow();
                foreach (var worker in workers.Where(w => w.WaitingSince is not null))
                {
                    var deadline = worker.ProgressDeadline(limiterWindow) + maxStep;
                    Assert.That(now, Is.LessThanOrEqualTo(deadline),
                        $"seed {seed}: worker {worker.Index} has waited since {worker.WaitingSince:HH:mm:ss.fff} with no permit; " +
                        $"last permit {worker.LastGrant:HH:mm:ss.fff}, latest server time {worker.LatestServerTime:HH:mm:ss.fff}");
                }

                clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, (int)maxStep.TotalMilliseconds + 1)));
            }

            Assert.That(server.MaxInWindow, Is.LessThanOrEqualTo(limit), "the server never accepts more than its limit");
            var ids = processes * idsPerProcess;
            var minimum = window * (Math.Ceiling((double)ids / limit) - 1);
            return new SimulationResult(
                workers.Max(w => w.FinishedAt!.Value) - start,
                minimum > TimeSpan.Zero ? minimum : window,
                ids,
                workers.Sum(w => w.Sent),
                workers.Sum(w => w.Refused),
                steps,
                workers.Select(w => w.FinishedAt!.Value - start).ToList(),
                workers.SelectMany(w => w.RefusedAt).Select(t => t - start).Order().ToList());
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }
}
