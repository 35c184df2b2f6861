using System.CommandLine;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Output;
using Datagrid.Cli.Planning;

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
        Description = "Read ids from FILE, one per line; '-' reads standard input. A file whose first line is the header " +
            "'teamspace,user_memory_id' is a CSV naming each row's teamspace (several teamspaces in one run, each paced to its own window).",
        HelpName = "FILE|-",
    };

    private readonly Option<string?> baseUrl = new("--base-url")
    {
        Description = $"API base URL [default: $DATAGRID_BASE_URL, else {DatagridClientOptions.DefaultBaseUrl}]",
    };

    private readonly Option<string?> apiKeyFile = new("--api-key-file")
    {
        Description = "Read the API key from FILE (its first line). Without any key option, $DATAGRID_API_KEY is used.",
        HelpName = "FILE",
    };

    private readonly Option<bool> apiKeyStdin = new("--api-key-stdin")
    {
        Description = "Read the API key from the first line of standard input.",
    };

    private readonly Option<string?> apiKey = new("--api-key")
    {
        Description = "API key. Avoid it: other users can read it in 'ps' and /proc/PID/cmdline, and it lands in shell history; " +
            "prefer --api-key-file, --api-key-stdin or $DATAGRID_API_KEY.",
        HelpName = "KEY",
    };

    private readonly Option<string?> teamspace = new("--teamspace")
    {
        Description = "Teamspace id, sent as Datagrid-Teamspace [default: $DATAGRID_TEAMSPACE_ID]",
    };

    private readonly Option<bool> allowInsecureHttp = new("--allow-insecure-http")
    {
        Description = "Allow a plain http:// base URL to a host other than this machine (the key travels in clear).",
    };

    private readonly Option<int> concurrency = new("--concurrency")
    {
        Description = $"Requests on the wire at once (1-{MaxConcurrency}), shared by all teamspaces of the input.",
        DefaultValueFactory = _ => 8,
    };

    private readonly Option<int> maxRetries = new("--max-retries")
    {
        Description = "Retries per id for 429, 5xx and connection errors. 5, not the library's 2 (the official SDKs' default): " +
            "a bulk run should ride out a burst of errors rather than fail ids, and the journal makes a rerun cheap anyway.",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<double?> timeout = new("--timeout")
    {
        Description = "Seconds one attempt may take before it is abandoned (and retried); also how long a stopping run (Ctrl+C, SIGTERM) " +
            "lets the deletes in flight finish [default: 60].",
        HelpName = "SECONDS",
    };

    private readonly Option<double> rateLimitWindow = new("--rate-limit-window")
    {
        Description = "The server's rate-limit window in seconds, for the client-side limiter (Datagrid's is 60).",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 60,
    };

    private readonly Option<string?> redis = new("--redis")
    {
        Description = "Share the rate limit with every process using this Redis (a StackExchange.Redis configuration, e.g. " +
            "localhost:6379; also DATAGRID_REDIS). If Redis is unreachable the run goes on, paced locally.",
        HelpName = "CONFIG",
    };

    private readonly Option<bool> expectAbsent = new("--expect-absent")
    {
        Description = "Many ids may already be gone: do not stop when the first ones all answer 404 (normally a sign of a wrong URL or teamspace).",
    };

    private readonly Option<bool> json = new("--json")
    {
        Description = "Print the summary as JSON (and no progress).",
    };

    private readonly Option<string?> journal = new("--journal")
    {
        Description = "Record each result in FILE (JSON lines) as it happens; a re-run skips ids already done. " +
            "A journal is tied to its base URL, teamspace and key.",
        HelpName = "FILE",
    };

    private readonly Option<bool> requireRedis = new("--require-redis")
    {
        Description = "Refuse to start (exit 4) when the --redis server does not answer, instead of pacing locally.",
    };

    private readonly Option<string?> report = new("--report")
    {
        Description = "Write one record per id to FILE as results arrive: id, teamspace, outcome, status, attempts, request_id, time, reason. " +
            "Replaced if it exists. The journal, not the report, is what a rerun reads.",
        HelpName = "FILE",
    };

    private readonly Option<string> reportFormat = new("--report-format")
    {
        Description = "Format of --report: jsonl (one JSON object per line) or csv (with a header line).",
        DefaultValueFactory = _ => "jsonl",
        HelpName = "jsonl|csv",
    };

    private readonly Option<bool> dryRun = new("--dry-run")
    {
        Description = "Read and check the whole list, apply the journal, and print what would be done (to delete, duplicates, " +
            "already done, earliest finish) without sending anything. Exit 0 if the run would start, 2 if it would be refused.",
    };

    private readonly Option<int?> maxDelete = new("--max-delete")
    {
        Description = "Refuse to start (exit 2) if more than N deletes would be sent (after duplicates and journal skips): a guard against the wrong file.",
        HelpName = "N",
    };

    private readonly Option<int?> rateLimit = new("--rate-limit")
    {
        Description = "Requests per window to pace at from the start, instead of learning the limit from the first responses. " +
            "The server's X-RateLimit-Limit replaces it once a response carries one.",
        HelpName = "N",
    };

    public Command Build()
    {
        var delete = new Command("delete", "Delete user memories by id. " + ExitCodes.Table)
        {
            ids, idsFile, baseUrl, apiKeyFile, apiKeyStdin, apiKey, teamspace, allowInsecureHttp, concurrency, maxRetries, timeout,
            rateLimitWindow, rateLimit, redis, requireRedis, expectAbsent, json, journal, report, reportFormat, dryRun, maxDelete,
        };
        delete.SetAction(RunAsync);
        var command = new Command("user-memories", "Manage user memories.") { delete };
        new QueueCommands(app, output, error).AddTo(command);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        // The key may come from standard input, so it is read before the ids.
        var settings = ReadSettings(parsed);
        using var input = IdInput.Open(parsed.GetValue(ids) ?? [], parsed.GetValue(idsFile), app.Input, settings.Teamspace);
        if (input.PerRowTeamspace)
        {
            if (parsed.GetValue(teamspace) is not null)
            {
                throw new UsageException($"--teamspace does not apply to a '{IdListReader.CsvHeader}' CSV: each row names its teamspace. Drop --teamspace, or give a plain id list.");
            }

            if (parsed.GetValue(ids) is { Length: > 0 })
            {
                throw new UsageException($"Ids given as arguments have no teamspace, but the '{IdListReader.CsvHeader}' CSV names one per row. Put every row in the CSV.");
            }

            settings = settings with { Teamspace = null, PerRowTeamspace = true };
        }

        foreach (var warning in input.Warnings)
        {
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (input.Errors.Count > 0)
        {
            foreach (var problem in input.Errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            if (settings.DryRun)
            {
                await output.WriteLineAsync("Dry run: nothing was sent. The run would be refused: fix the lines above.").ConfigureAwait(false);
            }

            return ExitCodes.BadUsage;
        }

        if (settings.DryRun)
        {
            return await DryRun.RunAsync(settings, input, output, error, cancellationToken).ConfigureAwait(false);
        }

        var progress = CliApp.ChooseProgress(output, settings.Json);
        var result = await DeleteJob.RunAsync(settings, isDone => WorkPlan.For(input, isDone), progress, error, app.HttpHandler, app.Control ?? StopControl.From(cancellationToken)).ConfigureAwait(false);
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
        var urlText = parsed.GetValue(baseUrl);
        Uri? url = null;
        if (urlText is not null
            && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            throw new UsageException($"--base-url '{urlText}' is not an http(s) URL; expected e.g. {DatagridClientOptions.DefaultBaseUrl}.");
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

        var budget = parsed.GetValue(rateLimit);
        if (budget is < 1)
        {
            throw new UsageException($"--rate-limit must be at least 1 request per window (got {budget}); leave it out to learn the limit from the server.");
        }

        var deleteCap = parsed.GetValue(maxDelete);
        if (deleteCap is < 1)
        {
            throw new UsageException($"--max-delete must be at least 1 (got {deleteCap}); it is the most deletes a run may send. Leave it out for no cap.");
        }

        var format = parsed.GetValue(reportFormat)?.ToLowerInvariant() switch
        {
            "jsonl" or "json" => Reporting.ReportFormat.JsonLines,
            "csv" => Reporting.ReportFormat.Csv,
            var other => throw new UsageException($"--report-format must be jsonl or csv (got '{other}')."),
        };

        var attemptTimeout = parsed.GetValue(timeout) is { } seconds ? SecondsOption.ToTimeSpan(seconds, "--timeout") : (TimeSpan?)null;
        var window = SecondsOption.ToTimeSpan(parsed.GetValue(rateLimitWindow), "--rate-limit-window");
        var key = ReadKey(parsed);

        // One resolution of flags and DATAGRID_* variables (custom headers included): the library's.
        var options = new DatagridClientOptions
        {
            ApiKey = key,
            BaseUrl = url,
            Teamspace = parsed.GetValue(teamspace),
            AllowInsecureHttp = parsed.GetValue(allowInsecureHttp),
        };
        ClientSettings resolved;
        try
        {
            resolved = ClientSettings.Resolve(options, app.GetEnvironment);
        }
        catch (DatagridConfigurationException e)
        {
            throw new UsageException(CliWording.ForCommandLine(e.Message));
        }

        return new DeleteSettings
        {
            BaseUrl = resolved.BaseUrl,
            ApiKey = resolved.ApiKey,
            Teamspace = resolved.Teamspace,
            Headers = resolved.Headers,
            AllowInsecureHttp = options.AllowInsecureHttp,
            Concurrency = parallel,
            MaxRetries = retries,
            Timeout = attemptTimeout,
            RateLimitWindow = window,
            Redis = parsed.GetValue(redis) ?? app.GetEnvironment("DATAGRID_REDIS"),
            ExpectAbsent = parsed.GetValue(expectAbsent),
            JournalPath = parsed.GetValue(journal),
            Json = parsed.GetValue(json),
            ReportPath = parsed.GetValue(report),
            ReportFormat = format,
            RateLimit = budget,
            MaxDelete = deleteCap,
            DryRun = parsed.GetValue(dryRun),
            RequireRedis = parsed.GetValue(requireRedis),
        };
    }

    /// <summary>The key from exactly one of the flags, or null to let the library read DATAGRID_API_KEY.</summary>
    private string? ReadKey(ParseResult parsed) =>
        ResolveKey(app, parsed.GetValue(apiKey), parsed.GetValue(apiKeyFile), parsed.GetValue(apiKeyStdin), parsed.GetValue(idsFile));

    /// <summary>The key from exactly one of the key flags, or null to let the library read DATAGRID_API_KEY (also used by the queue commands).</summary>
    internal static string? ResolveKey(CliApp app, string? fromFlag, string? file, bool fromStdin, string? idsFile)
    {
        if ((fromFlag is not null ? 1 : 0) + (file is not null ? 1 : 0) + (fromStdin ? 1 : 0) > 1)
        {
            throw new UsageException("Give the API key one way only: --api-key-file FILE, --api-key-stdin or --api-key KEY.");
        }

        if (fromStdin && idsFile == "-")
        {
            throw new UsageException("--api-key-stdin and --ids-file - both read standard input; put the ids in a file, or the key in --api-key-file.");
        }

        string? key = fromFlag;
        if (file is not null)
        {
            try
            {
                key = File.ReadLines(file).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"Cannot read --api-key-file '{file}': {e.Message.TrimEnd('.')}. Give a readable file holding the key on its first line.");
            }

            key = KeyText(key, $"--api-key-file '{file}'");
        }
        else if (fromStdin)
        {
            key = KeyText(app.Input.ReadLine(), "--api-key-stdin (standard input)");
        }

        return key;
    }

    private static string KeyText(string? line, string source)
    {
        // A file saved with a BOM or CRLF endings still holds the same key.
        var key = line?.TrimStart('\uFEFF').Trim();
        return string.IsNullOrEmpty(key)
            ? throw new UsageException($"{source} gave no API key: its first line is empty. Put the key on the first line.")
            : key;
    }
}
