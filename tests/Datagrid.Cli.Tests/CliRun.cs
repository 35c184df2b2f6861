namespace Datagrid.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(
        string[] args,
        IDictionary<string, string>? environment = null,
        string stdin = "",
        Action<CliApp>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var env = environment ?? new Dictionary<string, string>();
        var app = new CliApp(name => env.TryGetValue(name, out var value) ? value : null, new StringReader(stdin));
        configure?.Invoke(app);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await app.RunAsync(args, output, error, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- out ---\n{Output}\n--- err ---\n{Error}";
}
