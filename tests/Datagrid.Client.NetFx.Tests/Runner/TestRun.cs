using System.Reflection;
using System.Security;
using NUnit;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Datagrid.Client.NetFx.Tests.Runner;

/// <summary>One run of an assembly's tests with NUnit's own runner, and its totals.</summary>
internal sealed record TestRun(int Passed, int Failed, bool RootFailed)
{
    /// <summary>Tests ran and none failed (a fixture's one-time tear-down failing fails the run without failing a test).</summary>
    public bool Succeeded => Passed + Failed > 0 && Failed == 0 && !RootFailed;

    public static TestRun Execute(Assembly assembly, RunnerOptions options)
    {
        var settings = new Dictionary<string, object>
        {
            // On .NET Framework NUnit aborts a test's thread at its time limit: a hang fails under its own name.
            [FrameworkPackageSettings.DefaultTimeout] = options.TimeoutMilliseconds,
            [FrameworkPackageSettings.WorkDirectory] = Environment.CurrentDirectory,
        };

        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(assembly, settings);
        var result = runner.Run(new FailureReporter(Console.Out), Filter(options.Filter));

        if (options.ResultPath is { } path)
        {
            ResultFile.Write(path, result);
        }

        return new TestRun(result.PassCount, result.FailCount, result.ResultState.Status == TestStatus.Failed);
    }

    private static TestFilter Filter(string? pattern) =>
        pattern is null
            ? TestFilter.Empty
            : TestFilter.FromXml(TNode.FromXml($"<filter><test re=\"1\">{SecurityElement.Escape(pattern)}</test></filter>"));
}
