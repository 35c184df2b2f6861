using BenchmarkDotNet.Running;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>The "percall" mode: <c>dotnet run -c Release --project tests/Datagrid.Benchmarks -- percall</c>.</summary>
internal static class PerCallCommand
{
    public static int Run(string[] args)
    {
        var summary = BenchmarkRunner.Run<PerCallBenchmarks>(args: args);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
