using ScottPlot;

namespace Datagrid.Benchmarks.Charts;

/// <summary>One caller's cost against the raw call at one concurrency: the median of the per-round ratios and its quartiles.</summary>
internal sealed record CallerRatio(int Concurrency, string Caller, double Median, double LowerQuartile, double UpperQuartile);

/// <summary>
/// The per-call chart: each caller's time per call as a multiple of a raw <c>HttpClient.SendAsync</c> (1.00x), one group
/// of bars per concurrency, the bar at the median of the paired rounds and the whisker over their quartiles.
/// </summary>
internal static class PerCallChart
{
    private static readonly Color[] Palette = [new(0x99, 0x99, 0x99), new(0x75, 0x70, 0xB3), new(0x1B, 0x9E, 0x77), new(0xD9, 0x5F, 0x02)];

    public static void Write(string path, IReadOnlyList<CallerRatio> ratios)
    {
        var plot = new Plot();
        var callers = ratios.Select(r => r.Caller).Distinct().ToArray();
        var concurrencies = ratios.Select(r => r.Concurrency).Distinct().Order().ToArray();
        var bars = new List<Bar>();
        for (var g = 0; g < concurrencies.Length; g++)
        {
            for (var c = 0; c < callers.Length; c++)
            {
                var ratio = ratios.Single(r => r.Concurrency == concurrencies[g] && r.Caller == callers[c]);
                var position = (g * (callers.Length + 1)) + c;
                bars.Add(new Bar
                {
                    Position = position,
                    Value = ratio.Median,
                    FillColor = Palette[c % Palette.Length],
                    Label = $"{ratio.Median:0.00}x",
                });

                // Quartiles are not symmetric around the median, so the whisker is drawn as its own line.
                if (ratio.UpperQuartile > ratio.LowerQuartile)
                {
                    var whisker = plot.Add.Line(position + 0.25, ratio.LowerQuartile, position + 0.25, ratio.UpperQuartile);
                    whisker.LineColor = Colors.Black;
                    whisker.LineWidth = 1.5f;
                    whisker.MarkerSize = 0;
                }
            }
        }

        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.SetTicks(
            concurrencies.Select((_, g) => (g * (callers.Length + 1)) + ((callers.Length - 1) / 2.0)).ToArray(),
            concurrencies.Select(c => c == 1 ? "one call at a time" : $"{c} calls in flight").ToArray());
        for (var c = 0; c < callers.Length; c++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = callers[c], FillColor = Palette[c % Palette.Length] });
        }

        var target = plot.Add.HorizontalLine(1.10, 1, Colors.Black, LinePattern.Dashed);
        target.LegendText = "goal: within 1.10x of raw";
        plot.Title("Per-call cost against a raw HttpClient call (median of paired rounds, whiskers: quartiles)");
        plot.YLabel("time per call / raw HttpClient");
        plot.Axes.SetLimitsY(0, Math.Max(1.4, ratios.Max(r => r.UpperQuartile) * 1.15));
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SaveSvg(path, 900, 460);
        ChartFiles.Announce(path);
    }
}
