using System.Globalization;
using Datagrid.Benchmarks;

// Per-call cost (BenchmarkDotNet): dotnet run -c Release --project tests/Datagrid.Benchmarks -- percall
if (args.Length > 0 && args[0] == "percall")
{
    return Datagrid.Benchmarks.PerCall.PerCallCommand.Run(args[1..]);
}

// The same callers measured in alternation (ratios robust to a drifting machine load):
// dotnet run -c Release --project tests/Datagrid.Benchmarks -- percall-paired
if (args is ["percall-paired", .. var pairedArgs])
{
    return await Datagrid.Benchmarks.PerCall.PairedCommand.RunAsync(pairedArgs);
}

// Several worker processes on one budget: dotnet run -c Release --project tests/Datagrid.Benchmarks -- multiprocess
if (args is ["multiprocess", .. var rest])
{
    return await MultiProcessBenchmark.RunAsync(rest);
}

// Rate-limit benchmark: dotnet run -c Release --project tests/Datagrid.Benchmarks [n=1000 limit=100 window=1 concurrency=1,8,64,256]

var settings = BenchmarkSettings.Parse(args);
var culture = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(culture,
    $"Deleting {settings.Deletes} ids against a local server allowing {settings.Limit} requests per {settings.Window.TotalSeconds:0.###} s sliding window; theoretical minimum {settings.TheoreticalMinimum.TotalSeconds:0.00} s."));

// Warm up JIT, Kestrel and the connection pool so the first measured row is not penalised.
await BenchmarkRun.RunAsync(settings with { Deletes = 50, Limit = 1000 }, 8, limiterOn: true);

Console.WriteLine();
Console.WriteLine("| limiter | concurrency | elapsed | elapsed / minimum | requests | refused (429) | deletes failed | deleted |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
var results = new List<RunResult>();
foreach (var limiterOn in new[] { true, false })
{
    foreach (var concurrency in settings.Concurrencies)
    {
        var result = await BenchmarkRun.RunAsync(settings, concurrency, limiterOn);
        results.Add(result);
        Console.WriteLine(string.Create(culture,
            $"| {(limiterOn ? "on" : "off")} | {concurrency} | {result.Elapsed.TotalSeconds:0.00} s | {result.Ratio:0.000}x | {result.Requests} | {result.Refused} ({result.RefusedPercent:0.00} %) | {result.Failed} | {result.Deleted} |"));
    }
}

var limited = results.Where(r => r.LimiterOn).ToArray();
Console.WriteLine();
Console.WriteLine(limited.All(r => r.MeetsTargets)
    ? "Limiter on: every row meets the targets (0 failed, < 1 % refused, <= 1.05x the minimum)."
    : "Limiter on: some rows MISS the targets (0 failed, < 1 % refused, <= 1.05x the minimum).");
return 0;
