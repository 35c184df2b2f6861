using System.Diagnostics;
using System.Text;

namespace Datagrid.Cli.Tests;

/// <summary>`datagrid` as a real child process: signals and exit codes as a shell or a scheduler sees them.</summary>
internal sealed class CliProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private CliProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
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

        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Runs <c>datagrid</c> to its end; a run still going after <paramref name="limit"/> is killed and fails the test.</summary>
    public static async Task<CliRun> RunAsync(IEnumerable<string> args, TimeSpan limit)
    {
        using var cli = Start(args.ToArray());
        var exitCode = await cli.ExitCodeAsync(limit);
        return new CliRun(exitCode, cli.Output, cli.Error);
    }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the process with `kill -SIGNAL PID`, as an operator or a scheduler does.</summary>
    public void Signal(int signal)
    {
        // The shell's built-in kill: there on every machine, unlike /usr/bin/kill (procps).
        using var kill = Process.Start(new ProcessStartInfo("bash", ["-c", $"kill -{signal} {process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]))!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the exit code; fails the test (and kills the process) after <paramref name="limit"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"datagrid did not exit within {limit.TotalSeconds} s.\n--- out ---\n{Output}\n--- err ---\n{Error}");
        }

        process.WaitForExit(); // the output readers are drained
        return process.ExitCode;
    }

    public override string ToString() => $"--- out ---\n{Output}\n--- err ---\n{Error}";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static void Append(StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }
}
