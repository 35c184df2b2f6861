using System.CommandLine;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Output;

namespace Datagrid.Cli.Commands;

/// <summary>`datagrid user-memories delete`: option definitions and the mapping to <see cref="DeleteJob"/>.</summary>
internal sealed class UserMemoriesCommand(CliApp app, TextWriter output, TextWriter error)
{
    public const int MaxConcurrency = 64;

    private readonly Argument<string[]> ids = new("ids")
    {
        Description = "User memory ids to delete.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string?> idsFile = new("--ids-file")
    {
        Description = "Read ids from FILE, one per line; '-' reads standard input.",
        HelpName = "FILE|-",
    };

    private readonly Option<string?> baseUrl = new("--base-url")
    {
        Description = $"API base URL [default: $DATAGRID_BASE_URL, else {DatagridClientOptions.DefaultBaseUrl}]",
    };

    private readonly Option<string?> apiKey = new("--api-key")
    {
        Description = "API key [default: $DATAGRID_API_KEY]",
    };

    private readonly Option<string?> teamspace = new("--teamspace")
    {
        Description = "Teamspace id, sent as Datagrid-Teamspace [default: $DATAGRID_TEAMSPACE_ID]",
    };

    private readonly Option<int> concurrency = new("--concurrency")
    {
        Description = $"Deletes in flight at once (1-{MaxConcurrency}).",
        DefaultValueFactory = _ => 8,
    };

    private readonly Option<int> maxRetries = new("--max-retries")
    {
        Description = "Retries per id for 429, 5xx and connection errors.",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<bool> json = new("--json")
    {
        Description = "Print the summary as JSON (and no progress).",
    };

    private readonly Option<string?> journal = new("--journal")
    {
        Description = "Record each result in FILE (JSON lines) as it happens; a re-run skips ids already done.",
        HelpName = "FILE",
    };

    public Command Build()
    {
        var delete = new Command("delete", "Delete user memories by id. Exit 0: all deleted or already absent; 1: some failed; 2: bad usage; 130: cancelled.")
        {
            ids, idsFile, baseUrl, apiKey, teamspace, concurrency, maxRetries, json, journal,
        };
        delete.SetAction(RunAsync);
        return new Command("user-memories", "Manage user memories.") { delete };
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var settings = ReadSettings(parsed);
        var list = IdListReader.Read(parsed.GetValue(ids) ?? [], parsed.GetValue(idsFile), app.Input);
        foreach (var warning in list.Warnings)
        {
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (list.Errors.Count > 0)
        {
            foreach (var problem in list.Errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.BadUsage;
        }

        var progress = CliApp.ChooseProgress(output, settings.Json);
        var result = await DeleteJob.RunAsync(settings, list.Ids, progress, error, app.HttpHandler, cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            SummaryWriter.WriteJson(output, result.Summary, result.Throttling);
        }
        else
        {
            SummaryWriter.WriteText(output, result.Summary, result.Throttling);
        }

        return result.Summary.ExitCode;
    }

    private DeleteSettings ReadSettings(ParseResult parsed)
    {
        var key = parsed.GetValue(apiKey) ?? app.GetEnvironment("DATAGRID_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException("No API key: pass --api-key KEY or set DATAGRID_API_KEY.");
        }

        var urlText = parsed.GetValue(baseUrl) ?? app.GetEnvironment("DATAGRID_BASE_URL");
        var url = DatagridClientOptions.DefaultBaseUrl;
        if (urlText is not null
            && (!Uri.TryCreate(urlText, UriKind.Absolute, out url!) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            throw new UsageException($"--base-url (or DATAGRID_BASE_URL) '{urlText}' is not an http(s) URL; expected e.g. {DatagridClientOptions.DefaultBaseUrl}.");
        }

        var parallel = parsed.GetValue(concurrency);
        if (parallel is < 1 or > MaxConcurrency)
        {
            throw new UsageException($"--concurrency must be between 1 and {MaxConcurrency} (got {parallel}).");
        }

        var retries = parsed.GetValue(maxRetries);
        if (retries is < 0 or > 20)
        {
            throw new UsageException($"--max-retries must be between 0 and 20 (got {retries}).");
        }

        return new DeleteSettings
        {
            BaseUrl = url,
            ApiKey = key,
            Teamspace = parsed.GetValue(teamspace) ?? app.GetEnvironment("DATAGRID_TEAMSPACE_ID"),
            Concurrency = parallel,
            MaxRetries = retries,
            JournalPath = parsed.GetValue(journal),
            Json = parsed.GetValue(json),
        };
    }
}
