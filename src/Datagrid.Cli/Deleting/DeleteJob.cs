using Datagrid.Cli.Commands;
using Datagrid.Cli.Journal;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Output;
using Datagrid.Cli.Planning;
using Datagrid.Cli.Reporting;

namespace Datagrid.Cli.Deleting;

/// <summary>
/// One bulk delete, as `datagrid user-memories delete` and `datagrid demo` both run it: real client, journal,
/// bounded concurrency, progress, and the figures for the summary.
/// </summary>
internal static class DeleteJob
{
    /// <summary>How many first results, all "absent", stop a run (unless <see cref="DeleteSettings.ExpectAbsent"/>).</summary>
    public const int AbsentProbe = 10;

    /// <summary>Deletes <paramref name="ids"/> (no teamspace per row) as <paramref name="settings"/> say.</summary>
    public static Task<DeleteJobResult> RunAsync(
        DeleteSettings settings,
        IReadOnlyList<string> ids,
        IProgressDisplay progress,
        TextWriter error,
        HttpMessageHandler? handler = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var rows = ids.Select((id, i) => new DeleteRow(settings.Teamspace, id, i + 1, FromArgument: true)).ToList();
        return RunAsync(settings, isDone => WorkPlan.For(rows, isDone), progress, error, handler, StopControl.From(cancellationToken));
    }

    /// <summary>Deletes <paramref name="rows"/> as <paramref name="settings"/> say.</summary>
    /// <param name="settings">Where and how.</param>
    /// <param name="planFor">Counts the rows to send given which rows the journal says are done (a streaming pass over the input).</param>
    /// <param name="progress">Progress display.</param>
    /// <param name="error">Where warnings go.</param>
    /// <param name="handler">The HTTP handler under the client (tests); null for a new SocketsHttpHandler.</param>
    /// <param name="control">Ctrl+C and SIGTERM: stop taking rows, finish those in flight; the summary so far is returned.</param>
    /// <exception cref="UsageException">The journal or report cannot be opened, or the client settings are invalid.</exception>
    /// <exception cref="ServiceUnavailableException">--require-redis and Redis does not answer.</exception>
    public static async Task<DeleteJobResult> RunAsync(
        DeleteSettings settings,
        Func<Func<DeleteRow, bool>?, WorkPlan> planFor,
        IProgressDisplay progress,
        TextWriter error,
        HttpMessageHandler? handler,
        StopControl control)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(planFor);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(control);

        if (settings.Redis is { } required && settings.RequireRedis)
        {
            await RedisCheck.EnsureReachableAsync(required, control.Stopping).ConfigureAwait(false);
        }

        var context = settings.JournalContext;
        await using var journal = settings.JournalPath is null ? null : await OpenJournalAsync(settings.JournalPath, context, error, control.Stopping).ConfigureAwait(false);
        await using var report = settings.ReportPath is null ? null : await OpenReportAsync(settings.ReportPath, settings.ReportFormat).ConfigureAwait(false);

        var plan = planFor(journal is null ? null : r => journal.IsDone(r.Teamspace, r.Id));
        if (plan.DuplicateWarning is { } duplicates)
        {
            await error.WriteLineAsync($"warning: {duplicates}").ConfigureAwait(false);
        }

        if (plan.MaxDeleteRefusal(settings.MaxDelete) is { } refusal)
        {
            throw new UsageException(refusal);
        }

        // Redirects are never followed: the client turns a 3xx into DatagridRedirectException (a DELETE re-sent
        // elsewhere would carry the key and teamspace, and its 204 would be counted as a delete here).
        var counter = new ResponseCounter(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        });
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        // One teamspace: its lane bounds the deletes in flight, and the client's teamspace is the row's. Several: each
        // call carries its row's teamspace, and the slots on the wire are shared, taken per attempt.
        var severalTeamspaces = plan.ToSendPerTeamspace.Count > 1;
        using var slots = severalTeamspaces ? new AttemptSlots(settings.Concurrency) : null;
        var options = ClientOptions(settings, slots, settings.PerRowTeamspace);
        using var sharedLimiter = settings.Redis is { } redis ? CreateRedisLimiter(redis, options, error) : null;
        using var client = CreateClient(http, options, sharedLimiter);
        var deleter = new BulkDeleter(new Func<DeleteRow, CancellationToken, Task<DeleteResult>>(new ClientDeleter(client, details: report is not null).DeleteAsync), settings.Concurrency,
            absentProbe: settings.ExpectAbsent ? 0 : AbsentProbe, drainTimeout: settings.Timeout ?? DefaultTimeout);
        var sink = journal is null && report is null ? null : new ResultSink(journal, report);

        var summary = await progress.RunAsync(plan.ToSend, onResult => deleter.RunAsync(plan, sink, onResult, control)).ConfigureAwait(false);
        if (journal is not null && summary.WriteFailure is null && client.LastRateLimit?.Limit is > 0 and var limit)
        {
            try
            {
                await journal.RecordBudgetAsync(new JournalBudget(limit, (settings.RateLimitWindow ?? DefaultWindow).TotalSeconds)).ConfigureAwait(false);
            }
            catch (JournalWriteException e)
            {
                summary = summary with { WriteFailure = e.Message };
            }
        }

        return new DeleteJobResult(summary, new ThrottleFigures(counter.Requests, counter.Throttled));
    }

    /// <summary>The client's attempt timeout, also how long a stopping run lets its deletes in flight finish.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Datagrid's documented window.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    private static async Task<ReportWriter> OpenReportAsync(string path, ReportFormat format)
    {
        try
        {
            return await ReportWriter.CreateAsync(path, format).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The limiter shared through Redis; Redis unreachable is not an error (it falls back, with a warning).</summary>
    /// <remarks>Window and limit come from the client's options, as for the local limiter.</remarks>
    internal static Redis.RedisRateLimiter CreateRedisLimiter(string configuration, DatagridClientOptions clientOptions, TextWriter error)
    {
        try
        {
            return new Redis.RedisRateLimiter(new Redis.RedisRateLimiterOptions { Configuration = configuration }, clientOptions, new WarningLog(error));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--redis / DATAGRID_REDIS: {e.Message}");
        }
    }

    internal static DatagridClientOptions ClientOptions(DeleteSettings settings, AttemptSlots? slots, bool perRowTeamspace)
    {
        var options = new DatagridClientOptions
        {
            BaseUrl = settings.BaseUrl,
            ApiKey = settings.ApiKey,
            Teamspace = settings.Teamspace,
            Retry = { MaxRetries = settings.MaxRetries },
            AllowInsecureHttp = settings.AllowInsecureHttp,

            // The settings were resolved by the library (ClientSettings) from the flags and DATAGRID_* variables
            // already, custom headers included; resolving again would read the process environment behind the
            // command line's back.
            UseEnvironment = false,
        };

        foreach (var (name, value) in settings.Headers)
        {
            options.DefaultHeaders[name] = value;
        }

        if (settings.Timeout is { } timeout)
        {
            options.Timeout = timeout;
        }

        if (settings.RateLimitWindow is { } window)
        {
            options.RateLimiting.Window = window;
        }

        if (settings.RateLimit is { } budget)
        {
            options.RateLimiting.PermitLimit = budget;
        }

        // Each row's teamspace on its call, before the limiter partitions by it; the wire slots after it.
        if (perRowTeamspace)
        {
            options.AddPolicy(new RowTeamspacePolicy(), DatagridPipelinePosition.PerCall);
        }

        if (slots is not null)
        {
            options.AddPolicy(slots, DatagridPipelinePosition.PerAttempt);
        }

        return options;
    }

    internal static MemoryClient CreateClient(HttpClient http, DatagridClientOptions options, Redis.RedisRateLimiter? sharedLimiter)
    {
        if (sharedLimiter is not null)
        {
            options.RateLimiting.Limiter = sharedLimiter;
        }

        try
        {
            return new MemoryClient(http, options);
        }
        catch (DatagridConfigurationException e)
        {
            throw new UsageException(CliWording.ForCommandLine(e.Message));
        }
    }

    private static async Task<DeleteJournal> OpenJournalAsync(string path, JournalContext context, TextWriter error, CancellationToken cancellationToken)
    {
        DeleteJournal journal;
        try
        {
            journal = await DeleteJournal.OpenAsync(path, context, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UsageException(e.Message);
        }

        foreach (var warning in journal.Warnings)
        {
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (journal.Done.Count > 0)
        {
            await error.WriteLineAsync($"Journal '{path}': {journal.Done.Count} id(s) already done in an earlier run will be skipped.").ConfigureAwait(false);
        }

        return journal;
    }
}
