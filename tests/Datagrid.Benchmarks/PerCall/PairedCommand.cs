using System.Diagnostics;
using System.Globalization;
using Datagrid.Benchmarks.Charts;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// The "percall-paired" mode: the same three callers as <see cref="PerCallBenchmarks"/>, but measured in alternation,
/// so each round compares them under the same machine load. BenchmarkDotNet measures one benchmark after another;
/// on a shared 2-core VM the host's load drifts over tens of seconds, and the same row moved by ±10 % between runs
/// a minute apart, more than the differences to measure. Here every round runs raw, limiter off, limiter on and a WithOptions view of the limiter-on client for
/// about <see cref="Slice"/> each (order rotated per round), and the ratios are taken within the round; the figures
/// are the median and quartiles of those per-round ratios. Allocations stay with BenchmarkDotNet (percall).
/// <c>dotnet run -c Release --project tests/Datagrid.Benchmarks -- percall-paired [rounds=40] [concurrency=1,64] [chart=build/docs/images/percall.svg]</c>;
/// the bar chart of the ratios goes to the benchmarks guide's images.
/// </summary>
internal static class PairedCommand
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(250);
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly string[] ChartNames = ["raw HttpClient.SendAsync", "client.Memory, limiter off", "client.Memory, limiter on", "client.WithOptions(...).Memory, limiter on"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = 40;
        int[] concurrencies = [1, 64];
        string? chart = null;
        var chartRatios = new List<CallerRatio>();
        foreach (var (name, value) in args.Select(a => a.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : string.Empty)))
        {
            switch (name)
            {
                case "rounds": rounds = int.Parse(value, Culture); break;
                case "concurrency": concurrencies = [.. value.Split(',').Select(v => int.Parse(v, Culture))]; break;
                case "chart": chart = value; break;
                default: throw new ArgumentException($"Unknown setting '{name}'. Use rounds=40 concurrency=1,64 chart=PATH|none.");
            }
        }

        Console.WriteLine(string.Create(Culture,
            $"Paired per-call cost: {rounds} rounds of raw / limiter off / limiter on / WithOptions view, {Slice.TotalMilliseconds:0} ms each, order rotated; ratios within each round. Load average at start: {LoadAverage()}."));
        Console.WriteLine();
        Console.WriteLine("| concurrency | caller | per call (median of rounds) | vs raw: median | quartiles | rounds <= 1.10x |");
        Console.WriteLine("| ---: | --- | ---: | ---: | --- | ---: |");
        foreach (var concurrency in concurrencies)
        {
            var bench = new PerCallBenchmarks { Concurrency = concurrency };
            bench.Setup();
            try
            {
                Func<Task>[] callers = [bench.Raw, bench.LimiterOff, bench.LimiterOn, bench.WithOptionsView];
                string[] names = ["raw `HttpClient.SendAsync`", "`client.Memory`, limiter off", "`client.Memory`, limiter on", "`client.WithOptions(...).Memory`, limiter on"];

                // Warm-up: JIT tiers, connection pools, the limiter's log at its steady size.
                for (var w = 0; w < 4; w++)
                {
                    foreach (var caller in callers)
                    {
                        await MeasureAsync(caller).ConfigureAwait(false);
                    }
                }

                var perCall = new List<double>[callers.Length];
                for (var i = 0; i < callers.Length; i++)
                {
                    perCall[i] = [];
                }

                for (var round = 0; round < rounds; round++)
                {
                    for (var k = 0; k < callers.Length; k++)
                    {
                        var i = (k + round) % callers.Length;
                        perCall[i].Add(await MeasureAsync(callers[i]).ConfigureAwait(false));
                    }
                }

                for (var i = 0; i < callers.Length; i++)
                {
                    var ratios = perCall[i].Zip(perCall[0], (a, b) => a / b).Order().ToArray();
                    var within = ratios.Count(r => r <= 1.10);
                    chartRatios.Add(new CallerRatio(concurrency, ChartNames[i], Median(ratios), Quantile(ratios, 0.25), Quantile(ratios, 0.75)));
                    Console.WriteLine(string.Create(Culture,
                        $"| {concurrency} | {names[i]} | {Median([.. perCall[i].Order()]):0.0} µs | {(i == 0 ? "1.00x" : $"**{Median(ratios):0.00}x**")} | {(i == 0 ? "—" : $"{Quantile(ratios, 0.25):0.00}–{Quantile(ratios, 0.75):0.00}x")} | {(i == 0 ? "—" : $"{within}/{ratios.Length}")} |"));
                }
            }
            finally
            {
                bench.Cleanup();
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(Culture, $"Load average at end: {LoadAverage()}."));
        if (ChartFiles.Resolve(chart, "percall.svg") is { } path)
        {
            PerCallChart.Write(path, chartRatios);
        }

        return 0;
    }

    /// <summary>Runs invocations of <paramref name="caller"/> (each <see cref="PerCallBenchmarks.CallsPerInvoke"/> calls) for about one slice; returns µs per call.</summary>
    private static async Task<double> MeasureAsync(Func<Task> caller)
    {
        var invocations = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Slice)
        {
            await caller().ConfigureAwait(false);
            invocations++;
        }

        return clock.Elapsed.TotalMicroseconds / (invocations * (double)PerCallBenchmarks.CallsPerInvoke);
    }

    private static double Median(double[] sorted) => Quantile(sorted, 0.5);

    private static double Quantile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
