using Datagrid.SpecTool.Commands;
using Datagrid.SpecTool.Loading;

namespace Datagrid.SpecTool;

/// <summary>Command-line entry point, kept separate from <c>Main</c> so tests run it in-process.</summary>
public static class SpecToolApp
{
    internal const string Usage = """
        Usage:
          spectool update SOURCE [--out openapi/datagrid.yaml]
              SOURCE: a documentation page holding a fenced ```yaml block, a raw YAML/JSON file, or an http(s) URL.
              Validates it as OpenAPI 3.x, writes it to --out (default openapi/datagrid.yaml) and prints the
              contract diff against the previous file. The target is left untouched when the input is bad.
          spectool diff OLD NEW [--format text|json|markdown] [--json] [--fail-on breaking|warning] [--relax RULE[,RULE]]
              OLD/NEW: a file, an http(s) URL, or git:REV:path (a file at a git revision of the current repository),
              OpenAPI 3.0 or 3.1 (in any combination). Specs that break OpenAPI rules but can be read are compared;
              their errors are listed as document.invalid findings.
              Levels: breaking, warning, info. --fail-on warning also fails on warnings; --relax lowers a breaking
              rule to a warning (e.g. --relax response-enum.value-removed). --format markdown writes a PR comment.
              Exit codes: 0 nothing at the --fail-on level, 1 changes at that level, 2 bad input (not OpenAPI 3.x).
          spectool rules [--format text|json|markdown]
              Every rule with its id, level and why.
        """;

    /// <summary>Runs one command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
            {
                await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                return args.Count == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
            }

            var reader = new SourceReader(workingDirectory);
            var rest = args.Skip(1).ToList();
            return args[0] switch
            {
                "update" => await new UpdateCommand(reader, stdout, workingDirectory).RunAsync(CommandLine.ParseUpdate(rest), cancellationToken).ConfigureAwait(false),
                "diff" => await new DiffCommand(reader, stdout).RunAsync(CommandLine.ParseDiff(rest), cancellationToken).ConfigureAwait(false),
                "rules" => RulesCommand.Run(CommandLine.ParseRules(rest), stdout),
                _ => throw new SpecInputException($"Unknown command '{args[0]}'. Use 'update', 'diff' or 'rules'.\n{Usage}"),
            };
        }
        catch (SpecInputException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
