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
          spectool diff OLD NEW [--json]
              OLD/NEW: a file, an http(s) URL, or git:REV:path (a file at a git revision of the current repository).
              Exit codes: 0 nothing breaks callers, 1 breaking changes, 2 bad input.
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
                _ => throw new SpecInputException($"Unknown command '{args[0]}'. Use 'update' or 'diff'.\n{Usage}"),
            };
        }
        catch (SpecInputException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
