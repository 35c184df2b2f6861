using System.CommandLine;
using System.Globalization;
using Datagrid.LocalServer;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Planning;
using Datagrid.Cli.Output;

namespace Datagrid.Cli.Commands;

/// <summary>
/// `datagrid demo`: a local server with a tight limit, a few hundred seeded memories, and the same bulk delete as
/// `user-memories delete` against it, so throttling can be watched without a Datagrid account.
/// </summary>
internal sealed class DemoCommand(CliApp app, TextWriter output, TextWriter error)
{
    private readonly Option<int> count = new("--count") { Description = "Memories to seed and delete.", DefaultValueFactory = _ => 300 };
    private readonly Option<int> limit = new("--limit") { Description = "Requests per sliding window.", DefaultValueFactory = _ => 50 };
    private readonly Option<double> window = new("--window") { Description = "Window length in seconds.", DefaultValueFactory = _ => 2 };
    private readonly Option<int> concurrency = new("--concurrency") { Description = "Deletes in flight at once.", DefaultValueFactory = _ => 8 };
    private readonly Option<int> maxRetries = new("--max-retries") { Description = "Retries per id (10, not the 5 of user-memories delete: the demo's limit is deliberately tight, so many 429s are expected).", DefaultValueFactory = _ => 10 };
    private readonly Option<bool> json = new("--json") { Description = "Print the summary as JSON." };

    public Command Build()
    {
        var command = new Command("demo", "Delete a few hundred memories from an in-process local server under a tight rate limit, and show the throttling.")
        {
            count, limit, window, concurrency, maxRetries, json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var n = parsed.GetValue(count);
        var parallel = parsed.GetValue(concurrency);
        if (n is < 1 or > 100_000)
        {
            throw new UsageException($"--count must be between 1 and 100000 (got {n}).");
        }

        if (parallel is < 1 or > UserMemoriesCommand.MaxConcurrency)
        {
            throw new UsageException($"--concurrency must be between 1 and {UserMemoriesCommand.MaxConcurrency} (got {parallel}).");
        }

        var options = new LocalServerOptions { Limit = parsed.GetValue(limit), Window = SecondsOption.ToTimeSpan(parsed.GetValue(window)), SeedCount = n };
        LocalDatagridServer server;
        try
        {
            server = await LocalDatagridServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        await using (server.ConfigureAwait(false))
        {
            var asJson = parsed.GetValue(json);
            var minimum = ThrottleFigures.MinimumTime(n, options.Limit, options.Window);
            var c = CultureInfo.InvariantCulture;
            var intro = asJson ? error : output;
            await intro.WriteLineAsync(string.Create(c,
                $"Demo: local Datagrid server at {server.BaseUrl} allows {options.Limit} requests per {options.Window.TotalSeconds:0.###} s sliding window.")).ConfigureAwait(false);
            await intro.WriteLineAsync(string.Create(c,
                $"Deleting {n} memories with {parallel} concurrent calls through Datagrid.Client; the limit allows it in {minimum.TotalSeconds:0.#} s at best.")).ConfigureAwait(false);

            var settings = new DeleteSettings
            {
                BaseUrl = server.BaseUrl,
                ApiKey = LocalServerOptions.DefaultApiKey,
                Concurrency = parallel,
                MaxRetries = parsed.GetValue(maxRetries),
                RateLimitWindow = options.Window,
                Json = asJson,
            };
            var rows = Enumerable.Range(1, n).Select(i => new DeleteRow(null, LocalServerOptions.SeededId(i), i, FromArgument: true)).ToList();
            // The app's control, when there is one, so SIGTERM ends the demo with 143 as it ends a delete run.
            var control = app.Control ?? StopControl.From(cancellationToken);
            var result = await DeleteJob.RunAsync(settings, isDone => WorkPlan.For(rows, isDone), CliApp.ChooseProgress(output, asJson), error, handler: null, control).ConfigureAwait(false);
            var figures = result.Throttling with { TheoreticalMinimum = minimum };
            if (asJson)
            {
                SummaryWriter.WriteJson(output, result.Summary, figures);
            }
            else
            {
                SummaryWriter.WriteText(output, result.Summary, figures);
                await output.WriteLineAsync(string.Create(c,
                    $"Server side: {server.Counters.Deletes} deleted, {server.Counters.Throttled} requests refused with 429, {server.RemainingMemoryCount} memories left.")).ConfigureAwait(false);
            }

            return result.Summary.ExitCode;
        }
    }
}
