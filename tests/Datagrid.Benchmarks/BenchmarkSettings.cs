using System.Globalization;

namespace Datagrid.Benchmarks;

/// <summary>What one benchmark run uses; every value can be overridden on the command line (name=value).</summary>
internal sealed record BenchmarkSettings(int Deletes, int Limit, TimeSpan Window, IReadOnlyList<int> Concurrencies)
{
    public static BenchmarkSettings Default { get; } = new(1000, 100, TimeSpan.FromSeconds(1), [1, 8, 64, 256]);

    /// <summary>
    /// The fastest any client can finish: the first <c>Limit</c> deletes go at once, then one batch per window, so
    /// the last batch starts <c>(ceil(N / L) - 1) * W</c> after the first.
    /// </summary>
    public TimeSpan TheoreticalMinimum => Window * (Math.Ceiling((double)Deletes / Limit) - 1);

    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = Default;
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"Unknown argument '{arg}'. Use n=1000 limit=100 window=1 concurrency=1,8,64,256.");
            }

            settings = parts[0].ToLowerInvariant() switch
            {
                "n" => settings with { Deletes = int.Parse(parts[1], CultureInfo.InvariantCulture) },
                "limit" => settings with { Limit = int.Parse(parts[1], CultureInfo.InvariantCulture) },
                "window" => settings with { Window = TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)) },
                "concurrency" => settings with { Concurrencies = [.. parts[1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                _ => throw new ArgumentException($"Unknown setting '{parts[0]}'. Use n, limit, window or concurrency."),
            };
        }

        return settings;
    }
}
