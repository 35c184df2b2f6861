using NUnit.Framework.Interfaces;

namespace Datagrid.Client.NetFx.Tests.Runner;

/// <summary>Prints each failure as it happens: the test's full name, its message and where it failed.</summary>
internal sealed class FailureReporter(TextWriter output) : ITestListener
{
    public void TestStarted(ITest test)
    {
    }

    public void TestFinished(ITestResult result)
    {
        // A fixture's own failure (one-time set-up or tear-down) is printed too: a tear-down failure marks no test.
        if (result.ResultState.Status != TestStatus.Failed || (result.Test.IsSuite && result.ResultState.Site == FailureSite.Child))
        {
            return;
        }

        output.WriteLine($"FAILED {result.Test.FullName}");
        output.WriteLine($"  {result.Message?.Trim().Replace("\n", "\n  ")}");
        // The test's own frames: NUnit's (how it invoked the test) and the runtime's wrappers say nothing about the failure.
        foreach (var frame in (result.StackTrace ?? string.Empty).Split('\n').Select(f => f.Trim()))
        {
            if (frame.Length > 0 && !frame.StartsWith("at NUnit.Framework.", StringComparison.Ordinal) && !frame.StartsWith("at (wrapper", StringComparison.Ordinal))
            {
                output.WriteLine($"  {frame}");
            }
        }

        output.Flush();
    }

    public void TestOutput(TestOutput output)
    {
    }

    public void SendMessage(TestMessage message)
    {
    }
}
