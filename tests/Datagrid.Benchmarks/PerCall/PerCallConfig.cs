using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// In-process (no per-benchmark project build), 5 warm-up and 20 measured iterations of 400 ms (about 2 minutes in
/// all): the 2-core machine is shared and sequential loopback calls are bimodal, so 7 short iterations gave error bars
/// wider than the differences measured. Ratios to the raw call and the median (robust to the slow mode) are shown.
/// </summary>
internal sealed class PerCallConfig : ManualConfig
{
    public PerCallConfig()
    {
        AddJob(Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithIterationTime(TimeInterval.FromMilliseconds(400))
            .WithId("percall"));
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
        AddColumn(BaselineAllocationRatioColumn.RatioMean);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        Options |= ConfigOptions.DisableOptimizationsValidator;
    }
}
