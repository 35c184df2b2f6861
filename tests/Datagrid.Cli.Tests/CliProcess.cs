using System.Diagnostics;

namespace Datagrid.Cli.Tests;

/// <summary>
/// Runs the real <c>datagrid</c> command as a child process (<c>dotnet datagrid.dll</c>, built beside the tests), with
/// a bound: a run still going after <c>limit</c> is killed with its process tree and the test fails naming it.
/// </summary>
internal static class CliProcess
{
    public static async Task<CliRun> RunAsync(IEnumerable<string> args, TimeSpan limit)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "datagrid.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the machine's environment steers the run (the test passes every setting).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DATAGRID_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"datagrid {string.Join(' ', start.ArgumentList.Skip(1))} still ran after {limit.TotalSeconds} s and was killed.\n" +
                $"--- out ---\n{await output}\n--- err ---\n{await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
