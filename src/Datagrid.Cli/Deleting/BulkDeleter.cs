using System.Diagnostics;
using Datagrid.Cli.Journal;

namespace Datagrid.Cli.Deleting;

/// <summary>
/// Deletes many ids with bounded concurrency, records each result in the journal as it comes, and sums them up.
/// Knows nothing of HTTP: the delete itself is the <c>deleteAsync</c> delegate (see <see cref="ClientDeleter"/>).
/// </summary>
internal sealed class BulkDeleter
{
    private readonly Func<string, CancellationToken, Task<DeleteResult>> deleteAsync;
    private readonly int concurrency;
    private readonly TimeProvider time;

    /// <summary>Creates a deleter running at most <paramref name="concurrency"/> deletes at once.</summary>
    public BulkDeleter(Func<string, CancellationToken, Task<DeleteResult>> deleteAsync, int concurrency, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(deleteAsync);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        this.deleteAsync = deleteAsync;
        this.concurrency = concurrency;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Runs the deletes. Cancellation stops new deletes, lets the ones in flight end, and returns the summary so far.</summary>
    /// <param name="ids">Distinct ids.</param>
    /// <param name="journal">Where results go as they happen, and which ids to skip; null for none.</param>
    /// <param name="onResult">Called after each result is recorded (progress display); may be called concurrently.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<DeleteSummary> RunAsync(IReadOnlyList<string> ids, DeleteJournal? journal, Action<DeleteResult>? onResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var started = time.GetTimestamp();
        var pending = journal is null ? ids : ids.Where(id => !journal.Done.ContainsKey(id)).ToList();
        var results = new List<DeleteResult>();
        var gate = new Lock();
        string? stoppedBecause = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token };
            await Parallel.ForEachAsync(pending, options, async (id, token) =>
            {
                DeleteResult result;
                try
                {
                    result = await deleteAsync(id, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // Interrupted: not recorded, so the next run tries it again (a delete is safe to repeat).
                    return;
                }

                if (journal is not null)
                {
                    await journal.RecordAsync(result).ConfigureAwait(false);
                }

                lock (gate)
                {
                    results.Add(result);
                    if (result.StopsTheRun && stoppedBecause is null)
                    {
                        stoppedBecause = result.Reason;
                    }
                }

                if (result.StopsTheRun)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }

                onResult?.Invoke(result);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or a result that stops the run: fall through to the summary of what was done.
        }

        lock (gate)
        {
            var failed = results.Where(r => r.Outcome == DeleteOutcome.Failed).ToList();
            return new DeleteSummary
            {
                Total = ids.Count,
                Deleted = results.Count(r => r.Outcome == DeleteOutcome.Deleted),
                Absent = results.Count(r => r.Outcome == DeleteOutcome.Absent),
                Failed = failed,
                SkippedFromJournal = ids.Count - pending.Count,
                NotAttempted = pending.Count - results.Count,
                Cancelled = cancellationToken.IsCancellationRequested,
                StoppedBecause = stoppedBecause,
                Elapsed = time.GetElapsedTime(started),
            };
        }
    }
}
