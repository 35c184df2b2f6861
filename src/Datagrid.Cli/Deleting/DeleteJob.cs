using Datagrid.Cli.Commands;
using Datagrid.Cli.Journal;
using Datagrid.Cli.Output;

namespace Datagrid.Cli.Deleting;

/// <summary>
/// One bulk delete, as `datagrid user-memories delete` and `datagrid demo` both run it: real client, journal,
/// bounded concurrency, progress, and the figures for the summary.
/// </summary>
internal static class DeleteJob
{
    /// <summary>How many first results, all "absent", stop a run (unless <see cref="DeleteSettings.ExpectAbsent"/>).</summary>
    public const int AbsentProbe = 10;

    /// <summary>Deletes <paramref name="ids"/> as <paramref name="settings"/> say.</summary>
    /// <param name="settings">Where and how.</param>
    /// <param name="ids">Distinct, validated ids.</param>
    /// <param name="progress">Progress display.</param>
    /// <param name="error">Where warnings go.</param>
    /// <param name="handler">The HTTP handler under the client (tests); null for a new SocketsHttpHandler.</param>
    /// <param name="cancellationToken">Ctrl+C: stops new deletes, the summary so far is returned.</param>
    /// <exception cref="UsageException">The journal cannot be opened or the client settings are invalid.</exception>
    public static async Task<DeleteJobResult> RunAsync(
        DeleteSettings settings,
        IReadOnlyList<string> ids,
        IProgressDisplay progress,
        TextWriter error,
        HttpMessageHandler? handler = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(error);

        var context = JournalContext.For(settings.BaseUrl, settings.Teamspace, settings.ApiKey);
        await using var journal = settings.JournalPath is null ? null : await OpenJournalAsync(settings.JournalPath, context, error, cancellationToken).ConfigureAwait(false);

        // Redirects are never followed: the client turns a 3xx into DatagridRedirectException (a DELETE re-sent
        // elsewhere would carry the key and teamspace, and its 204 would be counted as a delete here).
        var counter = new ResponseCounter(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false });
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        var options = ClientOptions(settings);
        using var sharedLimiter = settings.Redis is { } redis ? CreateRedisLimiter(redis, options, error) : null;
        using var client = CreateClient(http, options, sharedLimiter);
        var deleter = new BulkDeleter(new ClientDeleter(client).DeleteAsync, settings.Concurrency, absentProbe: settings.ExpectAbsent ? 0 : AbsentProbe);
        var toDo = journal is null ? ids.Count : ids.Count(id => !journal.Done.ContainsKey(id));

        var summary = await progress.RunAsync(toDo, onResult => deleter.RunAsync(ids, journal, onResult, cancellationToken)).ConfigureAwait(false);
        return new DeleteJobResult(summary, new ThrottleFigures(counter.Requests, counter.Throttled));
    }

    /// <summary>The limiter shared through Redis; Redis unreachable is not an error (it falls back, with a warning).</summary>
    /// <remarks>Window and limit come from the client's options, as for the local limiter.</remarks>
    private static Redis.RedisRateLimiter CreateRedisLimiter(string configuration, DatagridClientOptions clientOptions, TextWriter error)
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

    private static DatagridClientOptions ClientOptions(DeleteSettings settings)
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

        return options;
    }

    private static MemoryClient CreateClient(HttpClient http, DatagridClientOptions options, Redis.RedisRateLimiter? sharedLimiter)
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
