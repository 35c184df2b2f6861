using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Datagrid.Benchmarks.Charts;
using Datagrid.LocalServer;

namespace Datagrid.Benchmarks;

/// <summary>
/// Several real `datagrid user-memories delete` processes with disjoint ids against one local server budget,
/// uncoordinated (each paces on its own) and through a shared Redis, for P = 1, 2, 4, 8.
/// <c>dotnet run -c Release --project tests/Datagrid.Benchmarks -- multiprocess [ids=400 limit=100 window=5 processes=1,2,4,8 concurrency=8 modes=local,redis detail=0 chart=build/docs/images/multiprocess.svg]</c>
/// The chart (requests in the server's window over time, refused marked, largest P of each mode) goes to the benchmarks guide's images.
/// </summary>
internal static class MultiProcessBenchmark
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var ids = 400;
        var limit = 100;
        var window = 5.0;
        var concurrency = 8;
        int[] processes = [1, 2, 4, 8];
        string[] modes = ["local", "redis"];
        var detail = false;
        string? chart = null;
        foreach (var (name, value) in args.Select(a => a.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : string.Empty)))
        {
            switch (name)
            {
                case "ids": ids = int.Parse(value, Culture); break;
                case "limit": limit = int.Parse(value, Culture); break;
                case "window": window = double.Parse(value, Culture); break;
                case "concurrency": concurrency = int.Parse(value, Culture); break;
                case "processes": processes = [.. value.Split(',').Select(v => int.Parse(v, Culture))]; break;
                case "modes": modes = value.Split(','); break;
                case "detail": detail = value is "1" or "true"; break;
                case "chart": chart = value; break;
                default: throw new ArgumentException($"Unknown setting '{name}'. Use ids, limit, window, processes, concurrency, modes, detail, chart (a path, or none).");
            }
        }

        var minimum = TimeSpan.FromSeconds(window * (Math.Ceiling((double)ids / limit) - 1));
        Console.WriteLine(string.Create(Culture,
            $"{ids} ids split over P worker processes (`datagrid user-memories delete --concurrency {concurrency}`), one local server allowing {limit} per {window} s sliding window; minimum {minimum.TotalSeconds:0.#} s."));
        Console.WriteLine();
        Console.WriteLine("Elapsed, on the server's clock: first request answered to last; wall clock: first worker starting to delete to last process exit.");
        Console.WriteLine();
        Console.WriteLine("| mode | P | elapsed | elapsed / minimum | slowest worker / minimum | workers finished at (s) | wall clock | requests | refused | lost |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        var runs = new List<RecordedRun>();
        foreach (var mode in modes)
        {
            foreach (var p in processes)
            {
                runs.Add(await RunOneAsync(mode, p, ids, limit, window, concurrency, minimum, detail).ConfigureAwait(false));
            }
        }

        if (ChartFiles.Resolve(chart, "multiprocess.svg") is { } path)
        {
            MultiProcessChart.Write(path, runs, limit, window);
        }

        return 0;
    }

    private static async Task<RecordedRun> RunOneAsync(string mode, int processes, int ids, int limit, double window, int concurrency, TimeSpan minimum, bool detail)
    {
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            Port = 0,
            Limit = limit,
            Window = TimeSpan.FromSeconds(window),
            SeedCount = ids,
            RecordRequests = true,
        }).ConfigureAwait(false);
        using var redis = mode == "redis" ? await RedisServerProcess.StartAsync().ConfigureAwait(false) : null;
        var work = Path.Combine(Path.GetTempPath(), $"datagrid-multiprocess-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var keyFile = Path.Combine(work, "key");
            await File.WriteAllTextAsync(keyFile, LocalServerOptions.DefaultApiKey).ConfigureAwait(false);
            var workers = Enumerable.Range(0, processes).Select(w =>
            {
                var file = Path.Combine(work, $"ids-{w}.txt");
                File.WriteAllLines(file, Enumerable.Range(1, ids).Where(i => i % processes == w).Select(LocalServerOptions.SeededId));
                return RunWorkerAsync(server.BaseUrl, keyFile, file, concurrency, window, redis?.Configuration);
            }).ToList();
            var results = await Task.WhenAll(workers).ConfigureAwait(false);

            // Timed on the server's clock, from the first request it answered to the last: the minimum is counted from
            // the first request too. Each worker's process start-up, first connection (and Redis connect) and exit are
            // left out; the wall clock that includes them is the last column but one.
            var log = server.RequestLog;
            var first = log.Min(r => r.AnsweredAt);
            var finish = Enumerable.Range(0, processes)
                .Select(w => log.Where(r => WorkerOf(r.Id, processes) == w).Max(r => r.AnsweredAt) - first)
                .ToList();
            var elapsed = finish.Max();
            var wallClock = results.Max(r => r.EndedAt) - results.Min(r => r.StartedAt);
            var requests = server.Counters.Requests;
            var refused = server.Counters.Throttled;
            var lost = server.RemainingMemoryCount;
            Console.WriteLine(string.Create(Culture,
                $"| {(mode == "redis" ? "Redis" : "uncoordinated")} | {processes} | {elapsed.TotalSeconds:0.00} s | {elapsed / minimum:0.00}x | {finish.Max() / minimum:0.00}x | " +
                $"{string.Join(", ", finish.Select(f => f.TotalSeconds.ToString("0.0", Culture)))} | {wallClock.TotalSeconds:0.0} s | {requests} | {refused} ({100.0 * refused / Math.Max(1, requests):0.0} %) | {lost} |"));
            if (detail)
            {
                PrintDetail(log, first, limit, window);
            }

            var warnings = results.Sum(r => r.Error.Split('\n').Count(l => l.StartsWith("warning:", StringComparison.Ordinal)));
            if (warnings > 0)
            {
                Console.WriteLine(string.Create(Culture, $"  {warnings} warning line(s) from the workers, e.g. {results.SelectMany(r => r.Error.Split('\n')).First(l => l.StartsWith("warning:", StringComparison.Ordinal))}"));
            }

            foreach (var failed in results.Where(r => r.ExitCode != 0 || r.Failed > 0))
            {
                Console.WriteLine(string.Create(Culture, $"  worker exit {failed.ExitCode}, {failed.Failed} failed: {failed.Error.Trim()}"));
            }

            return new RecordedRun(mode, processes, log);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // Worker w deletes the ids whose number is w modulo P (see the id files above).
    private static int WorkerOf(string id, int processes) => int.Parse(id.AsSpan(id.LastIndexOf('_') + 1), Culture) % processes;

    /// <summary>How far behind the earliest possible moment each window's requests went: request k of the run can be
    /// accepted one window after request k - limit was.</summary>
    private static void PrintDetail(IReadOnlyList<ServedRequest> log, DateTimeOffset first, int limit, double window)
    {
        var accepted = log.Where(r => r.StatusCode != 429).Select(r => (r.AnsweredAt - first).TotalSeconds).Order().ToArray();
        for (var b = 1; b < accepted.Length / limit; b++)
        {
            var lags = Enumerable.Range(0, limit).Select(i => accepted[(b * limit) + i] - accepted[((b - 1) * limit) + i] - window).Order().ToArray();
            Console.WriteLine(string.Create(Culture,
                $"  window {b + 1}: requests {b * limit}-{(b * limit) + limit - 1} accepted at {accepted[b * limit]:0.00}-{accepted[(b * limit) + limit - 1]:0.00} s; behind the slot they reuse by median {lags[limit / 2] * 1000:0} ms, max {lags[^1] * 1000:0} ms"));
        }
    }

    private static async Task<WorkerResult> RunWorkerAsync(Uri baseUrl, string keyFile, string idsFile, int concurrency, double window, string? redis)
    {
        var cli = typeof(MultiProcessBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DatagridCli").Value!;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            cli, "user-memories", "delete", "--ids-file", idsFile, "--base-url", baseUrl.ToString().TrimEnd('/'), "--api-key-file", keyFile,
            "--concurrency", concurrency.ToString(Culture), "--rate-limit-window", window.ToString(Culture), "--json",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (redis is not null)
        {
            info.ArgumentList.Add("--redis");
            info.ArgumentList.Add(redis);
        }

        info.Environment.Remove("DATAGRID_REDIS");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var ended = DateTimeOffset.UtcNow;
        var text = await output.ConfigureAwait(false);
        var json = text.Contains('{', StringComparison.Ordinal) ? text[text.IndexOf('{', StringComparison.Ordinal)..] : "{}";
        using var summary = JsonDocument.Parse(json);
        var root = summary.RootElement;
        int Int(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
        var seconds = root.TryGetProperty("elapsed_seconds", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0;
        return new WorkerResult(process.ExitCode, Int("deleted"), Int("failed_count"), Int("requests"), Int("throttled"), TimeSpan.FromSeconds(seconds), ended, await error.ConfigureAwait(false));
    }
}
