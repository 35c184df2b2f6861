using System.Diagnostics;

namespace Datagrid.Client.PackageTests;

/// <summary>Runs a .NET Framework program under Debian's Mono (`mono`, installed by .ci/run).</summary>
internal static class Mono
{
    /// <summary>The mono executable; without one the test is inconclusive locally and fails on CI.</summary>
    public static string Find()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "mono"))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            const string message = "mono is not installed (apt-get install mono-runtime; .ci/run lists the libmono packages).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return found!;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string mono, string program, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(mono) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
