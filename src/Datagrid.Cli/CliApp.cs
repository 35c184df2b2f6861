using System.CommandLine;
using Datagrid.LocalServer;
using Spectre.Console;
using Datagrid.Cli.Commands;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Output;

namespace Datagrid.Cli;

/// <summary>
/// The `datagrid` command line, callable in-process: <see cref="RunAsync"/> takes the arguments, the output
/// writers and the cancellation (Ctrl+C) and returns the exit code. Only the wiring lives here; the work is in
/// <see cref="IdListReader"/>, <see cref="DeleteJob"/>, <see cref="BulkDeleter"/> and <see cref="LocalDatagridServer"/>.
/// </summary>
internal sealed class CliApp
{
    private readonly Func<string, string?> environment;
    private readonly TextReader input;

    /// <summary>Creates the app reading the process environment and standard input.</summary>
    public CliApp()
        : this(System.Environment.GetEnvironmentVariable, Console.In)
    {
    }

    /// <summary>Creates the app with its environment and standard input supplied (tests).</summary>
    public CliApp(Func<string, string?> environment, TextReader input)
    {
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        this.input = input ?? throw new ArgumentNullException(nameof(input));
    }

    /// <summary>Called when `serve` has started its server (tests use it to find the port).</summary>
    public Action<LocalDatagridServer>? ServerStarted { get; set; }

    /// <summary>The handler under the client for `user-memories delete` (tests); null for a real one.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The stop signals of the current run (Ctrl+C, SIGTERM); null when run with a plain cancellation token.</summary>
    internal StopControl? Control { get; private set; }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code; <paramref name="control"/> carries the signals.</summary>
    public Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, StopControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        Control = control;
        return RunAsync(args, output, error, control.Stopping);
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code (cancellation = Ctrl+C).</summary>
    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var root = new RootCommand("Datagrid command line: delete user memories in bulk, run a local Datagrid-compatible server, or watch a demo. " + ExitCodes.Table)
        {
            new UserMemoriesCommand(this, output, error).Build(),
            new ServeCommand(this, output, error).Build(),
            new DemoCommand(this, output, error).Build(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in Explain(parsed))
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'datagrid --help' (or 'datagrid <command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        try
        {
            // We handle Ctrl+C ourselves (Program.cs) so the summary so far is printed; no default exception page.
            var configuration = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            };
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        catch (ServiceUnavailableException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.ServiceUnavailable;
        }
    }

    /// <summary>
    /// The parser's errors, except that a missing or unknown subcommand is said plainly with the commands there are,
    /// instead of "Required command was not provided.".
    /// </summary>
    private static IEnumerable<string> Explain(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var missingCommand = subcommands.Count > 0 && command.Action is null;
        var where = command.Parents.Any() ? $"'datagrid {CommandPath(command)}'" : "'datagrid'";
        var choices = string.Join(", ", subcommands);
        if (!missingCommand)
        {
            return parsed.Errors.Select(e => e.Message);
        }

        var unknown = parsed.UnmatchedTokens.Count > 0 ? parsed.UnmatchedTokens[0] : null;
        return
        [
            unknown is null
                ? $"{where} needs a command: one of {choices}."
                : $"Unknown command '{unknown}' for {where}; the commands are {choices}.",
        ];
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null && current.Parents.Any(); current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        return string.Join(' ', names);
    }

    internal string? GetEnvironment(string name) => environment(name) is { Length: > 0 } value ? value : null;

    internal TextReader Input => input;

    /// <summary>A live bar only on a real terminal; plain lines when output is redirected or captured.</summary>
    internal static IProgressDisplay ChooseProgress(TextWriter output, bool json)
    {
        if (json)
        {
            return new QuietProgress();
        }

        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return interactive ? new SpectreProgress(AnsiConsole.Console) : new PlainProgress(output);
    }
}
