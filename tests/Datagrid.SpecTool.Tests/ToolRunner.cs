namespace Datagrid.SpecTool.Tests;

/// <summary>Runs the tool in-process the way its Main does, capturing both streams.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

internal static class ToolRunner
{
    public static ToolResult Run(string workingDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = SpecToolApp.RunAsync(args, stdout, stderr, workingDirectory).GetAwaiter().GetResult();
        return new ToolResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
