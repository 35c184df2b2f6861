using System.Diagnostics;

namespace Datagrid.SpecTool.Tests;

/// <summary>Runs git in a scratch repository and fails the test if git fails.</summary>
internal static class GitCommand
{
    public static void Run(string directory, params string[] args)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, () => $"git {string.Join(' ', args)}: {stderr.Result}");
    }
}
