namespace Datagrid.Benchmarks;

/// <summary>The figures of one run (one concurrency, limiter on or off).</summary>
internal sealed record RunResult(
    bool LimiterOn,
    int Concurrency,
    TimeSpan Elapsed,
    TimeSpan Minimum,
    long Requests,
    long Refused,
    int Failed,
    long Deleted)
{
    public double Ratio => Elapsed / Minimum;

    public double RefusedPercent => Requests == 0 ? 0 : 100.0 * Refused / Requests;

    public bool MeetsTargets => Failed == 0 && RefusedPercent < 1 && Ratio <= 1.05;
}
