using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// A short run (the machine is small and shared): in-process (no per-benchmark project build), 3 warm-up and
/// 7 measured iterations of 300 ms, ratios to the raw call shown.
/// </summary>
internal sealed class PerCallConfig : ManualConfig
{
    public PerCallConfig()
    {
        AddJob(Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(7)
            .WithIterationTime(TimeInterval.FromMilliseconds(300))
            .WithId("short"));
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
        AddColumn(BaselineAllocationRatioColumn.RatioMean);
        Options |= ConfigOptions.DisableOptimizationsValidator;
    }
}
