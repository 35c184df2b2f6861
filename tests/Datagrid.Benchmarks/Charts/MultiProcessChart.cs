using Datagrid.LocalServer;
using ScottPlot;

namespace Datagrid.Benchmarks.Charts;

/// <summary>One recorded run of the multiprocess benchmark, as the chart needs it.</summary>
internal sealed record RecordedRun(string Mode, int Processes, IReadOnlyList<ServedRequest> Log);

/// <summary>
/// The multiprocess chart: requests the server accepted in its sliding window, over time, for the uncoordinated and
/// the Redis run with the most processes, against the budget line; every refused request (429) is marked where it was
/// answered. Drawn from the server's own request log, so it shows what the server counted.
/// </summary>
internal static class MultiProcessChart
{
    private static readonly Color Uncoordinated = new(0xD9, 0x5F, 0x02);
    private static readonly Color Redis = new(0x1B, 0x9E, 0x77);

    public static void Write(string path, IReadOnlyList<RecordedRun> runs, int limit, double window)
    {
        var plot = new Plot();
        foreach (var mode in new[] { "local", "redis" })
        {
            var run = runs.Where(r => r.Mode == mode).MaxBy(r => r.Processes);
            if (run is null || run.Log.Count == 0)
            {
                continue;
            }

            var color = mode == "redis" ? Redis : Uncoordinated;
            var label = mode == "redis" ? $"Redis, P = {run.Processes}" : $"uncoordinated, P = {run.Processes}";
            var first = run.Log.Min(r => r.AnsweredAt);
            var accepted = run.Log.Where(r => r.StatusCode != 429).Select(r => (r.AnsweredAt - first).TotalSeconds).Order().ToArray();
            var refused = run.Log.Where(r => r.StatusCode == 429).Select(r => (r.AnsweredAt - first).TotalSeconds).Order().ToArray();

            // Accepted requests in the window ending at t, sampled every 50 ms up to the last answer.
            var end = accepted.Length == 0 ? 0 : accepted[^1];
            var times = new List<double>();
            var inWindow = new List<double>();
            for (var t = 0.0; t <= end + 0.05; t += 0.05)
            {
                times.Add(t);
                inWindow.Add(CountIn(accepted, t - window, t));
            }

            var line = plot.Add.ScatterLine(times.ToArray(), inWindow.ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = $"{label}: accepted in the last {window:0.#} s";

            if (refused.Length > 0)
            {
                var markers = plot.Add.Markers(refused, refused.Select(t => (double)CountIn(accepted, t - window, t)).ToArray(), MarkerShape.Eks, 9, color);
                markers.LegendText = $"{label}: refused (429), {refused.Length}";
            }
        }

        var budget = plot.Add.HorizontalLine(limit, 2, Colors.Black, LinePattern.Dashed);
        budget.LegendText = $"budget: {limit} per {window:0.#} s";
        plot.Title("Several processes on one budget: requests in the server's sliding window");
        plot.XLabel("seconds since the first request (server's clock)");
        plot.YLabel($"accepted requests in the last {window:0.#} s");
        plot.Axes.SetLimitsY(0, limit * 1.25);
        plot.ShowLegend(Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SaveSvg(path, 900, 460);
        ChartFiles.Announce(path);
    }

    private static int CountIn(double[] sorted, double after, double atOrBefore)
    {
        var upper = UpperBound(sorted, atOrBefore);
        var lower = UpperBound(sorted, after);
        return upper - lower;
    }

    // Index of the first element greater than value.
    private static int UpperBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
