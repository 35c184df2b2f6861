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

        await using var journal = settings.JournalPath is null ? null : await OpenJournalAsync(settings.JournalPath, error, cancellationToken).ConfigureAwait(false);
        var counter = new ResponseCounter(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = CreateClient(http, settings);
        var deleter = new BulkDeleter(new ClientDeleter(client).DeleteAsync, settings.Concurrency);
        var toDo = journal is null ? ids.Count : ids.Count(id => !journal.Done.ContainsKey(id));

        var summary = await progress.RunAsync(toDo, onResult => deleter.RunAsync(ids, journal, onResult, cancellationToken)).ConfigureAwait(false);
        return new DeleteJobResult(summary, new ThrottleFigures(counter.Requests, counter.Throttled));
    }

    private static MemoryClient CreateClient(HttpClient http, DeleteSettings settings)
    {
        var options = new DatagridClientOptions
        {
            BaseUrl = settings.BaseUrl,
            ApiKey = settings.ApiKey,
            Teamspace = settings.Teamspace,
            Retry = { MaxRetries = settings.MaxRetries },

            // The command line has already applied the DATAGRID_* variables to its options.
            UseEnvironment = false,
        };

        if (settings.RateLimitWindow is { } window)
        {
            options.RateLimiting.Window = window;
        }

        try
        {
            return new MemoryClient(http, options);
        }
        catch (DatagridConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static async Task<DeleteJournal> OpenJournalAsync(string path, TextWriter error, CancellationToken cancellationToken)
    {
        DeleteJournal journal;
        try
        {
            journal = await DeleteJournal.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
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
