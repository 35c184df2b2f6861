using Datagrid.Cli.Ids;
using Datagrid.Cli.Journal;
using Datagrid.Cli.Planning;

namespace Datagrid.Cli.Deleting;

/// <summary>
/// Deletes many rows with bounded concurrency, records each result (journal, report) as it comes, and sums them up.
/// Rows of each teamspace run in their own lane, so a teamspace that waits for its window does not hold up the others
/// (the slots on the wire are shared through <see cref="AttemptSlots"/>). Knows nothing of HTTP: the delete itself is
/// the <c>deleteAsync</c> delegate (see <see cref="ClientDeleter"/>).
/// </summary>
internal sealed class BulkDeleter
{
    private readonly Func<DeleteRow, CancellationToken, Task<DeleteResult>> deleteAsync;
    private readonly int concurrency;
    private readonly TimeProvider time;
    private readonly int absentProbe;
    private readonly TimeSpan drainTimeout;

    /// <summary>Creates a deleter running at most <paramref name="concurrency"/> deletes at once per teamspace.</summary>
    /// <param name="deleteAsync">Deletes one row.</param>
    /// <param name="concurrency">Deletes started at once per teamspace (the client's <see cref="AttemptSlots"/> bound the total on the wire).</param>
    /// <param name="time">Clock for the elapsed time and the drain timeout.</param>
    /// <param name="absentProbe">
    /// When the first this-many results of a run (or all of them, in a shorter run) are all "absent", stop: a wrong base
    /// URL or teamspace looks exactly like that, and the journal would record every id as done. 0 turns it off
    /// (<c>--expect-absent</c>).
    /// </param>
    /// <param name="drainTimeout">After a stop signal, how long the deletes in flight may take to finish (<c>--timeout</c>).</param>
    public BulkDeleter(Func<DeleteRow, CancellationToken, Task<DeleteResult>> deleteAsync, int concurrency, TimeProvider? time = null, int absentProbe = 0, TimeSpan? drainTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(deleteAsync);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(absentProbe);
        this.deleteAsync = deleteAsync;
        this.concurrency = concurrency;
        this.time = time ?? TimeProvider.System;
        this.absentProbe = absentProbe;
        this.drainTimeout = drainTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>A deleter of bare ids (no teamspace).</summary>
    public BulkDeleter(Func<string, CancellationToken, Task<DeleteResult>> deleteAsync, int concurrency, TimeProvider? time = null, int absentProbe = 0, TimeSpan? drainTimeout = null)
        : this((row, token) => deleteAsync(row.Id, token), concurrency, time, absentProbe, drainTimeout)
    {
    }

    /// <summary>Why a run whose first results were all "absent" stopped.</summary>
    public static string AllAbsentReason(int count) =>
        $"the first {count} result(s) of this run were all 'already absent' (404 not found), before any other answer. That is what a wrong base URL or teamspace looks like: " +
        "check --base-url and --teamspace (or DATAGRID_BASE_URL, DATAGRID_TEAMSPACE_ID). If these ids really are gone, run again with --expect-absent. " +
        "(The summary also counts the deletes that were in flight when the run stopped.)";

    /// <summary>Runs the deletes of bare ids with a cancellation token as the only stop (tests, the demo).</summary>
    public Task<DeleteSummary> RunAsync(IReadOnlyList<string> ids, DeleteJournal? journal, Action<DeleteResult>? onResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var rows = ids.Select((id, i) => new DeleteRow(null, id, i + 1, FromArgument: true)).ToList();
        var sink = journal is null ? null : new ResultSink(journal, null);
        return RunAsync(rows, sink, onResult, StopControl.From(cancellationToken));
    }

    /// <summary>Runs the deletes of rows in memory, skipping those the sink's journal says are done.</summary>
    public Task<DeleteSummary> RunAsync(IReadOnlyList<DeleteRow> rows, ResultSink? sink, Action<DeleteResult>? onResult, StopControl control)
    {
        var journal = sink?.Journal;
        return RunAsync(WorkPlan.For(rows, journal is null ? null : r => journal.IsDone(r.Teamspace, r.Id)), sink, onResult, control);
    }

    /// <summary>
    /// Runs the deletes. A stop (<paramref name="control"/>) takes no new rows, lets the ones in flight end (at most the
    /// drain timeout; a second signal ends them at once), and returns the summary so far. A result that cannot be
    /// recorded stops the run at once: the deletes in flight are abandoned and listed as not recorded.
    /// </summary>
    /// <param name="plan">The rows to send, per teamspace (duplicates and journal skips already counted out).</param>
    /// <param name="sink">Where results go as they happen; null for none.</param>
    /// <param name="onResult">Called after each result is recorded (progress display); may be called concurrently.</param>
    /// <param name="control">The stop and abort signals.</param>
    public async Task<DeleteSummary> RunAsync(WorkPlan plan, ResultSink? sink, Action<DeleteResult>? onResult, StopControl control)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(control);
        var started = time.GetTimestamp();
        var probe = Math.Min(absentProbe, plan.ToSend);
        var state = new RunState();

        // No new rows: a signal, or the run's own reason (a refused key, a failed write).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(control.Stopping);

        // The deletes in flight: a second signal, a failed write, or the drain timeout after the first signal.
        using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(control.Aborting);
        ITimer? drainTimer = null;
        using var drain = control.Stopping.Register(() => drainTimer = time.CreateTimer(_ => TryCancel(inFlight), null, drainTimeout, Timeout.InfiniteTimeSpan));

        async Task OneAsync(DeleteRow row)
        {
            DeleteResult result;
            try
            {
                result = await deleteAsync(row, inFlight.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (inFlight.IsCancellationRequested)
            {
                // Interrupted: not recorded, so the next run sends it again (a delete is safe to repeat).
                lock (state)
                {
                    state.NotRecorded.Add(row.Id);
                }

                return;
            }

            if (sink is not null)
            {
                try
                {
                    await sink.RecordAsync(result).ConfigureAwait(false);
                }
                catch (JournalWriteException e)
                {
                    lock (state)
                    {
                        state.NotRecorded.Add(row.Id);
                        state.WriteFailure ??= e.Message;
                    }

                    // Nothing more can be recorded: send nothing more, give up what is in flight.
                    await stop.CancelAsync().ConfigureAwait(false);
                    await inFlight.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }

            var stops = result.StopsTheRun;
            lock (state)
            {
                state.Count(result);
                if (result.StopsTheRun && state.StoppedBecause is null)
                {
                    state.StoppedBecause = result.Reason;
                }

                // Counts only while every result so far is "absent"; the first other outcome ends the probe.
                if (state.AbsentSoFar == state.Results - 1 && result.Outcome == DeleteOutcome.Absent && ++state.AbsentSoFar == probe)
                {
                    state.StoppedBecause ??= AllAbsentReason(probe);
                    stops = true;
                }
            }

            if (stops)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await inFlight.CancelAsync().ConfigureAwait(false);
            }

            onResult?.Invoke(result);
        }

        async Task LaneAsync(IEnumerable<DeleteRow> lane)
        {
            using var slots = new SemaphoreSlim(concurrency, concurrency);
            try
            {
                await FeedAsync(lane, slots).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                // The input changed under the run: stop cleanly rather than send rows that were never checked.
                lock (state)
                {
                    state.StoppedBecause ??= e.Message;
                }

                await stop.CancelAsync().ConfigureAwait(false);
            }

            // Wait for the lane's deletes in flight: every slot back.
            for (var i = 0; i < concurrency; i++)
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        async Task FeedAsync(IEnumerable<DeleteRow> lane, SemaphoreSlim slots)
        {
            foreach (var row in lane)
            {
                try
                {
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (stop.IsCancellationRequested)
                {
                    slots.Release();
                    break;
                }

                Interlocked.Increment(ref state.Started);
                _ = RunReleasingAsync(row, slots);
            }
        }

        async Task RunReleasingAsync(DeleteRow row, SemaphoreSlim slots)
        {
            try
            {
                await OneAsync(row).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        var lanes = plan.ToSendPerTeamspace.Keys.Select(teamspace => Task.Run(() => LaneAsync(plan.Pending(teamspace)))).ToList();
        try
        {
            await Task.WhenAll(lanes).ConfigureAwait(false);
        }
        finally
        {
            drain.Dispose();
            drainTimer?.Dispose();
        }

        lock (state)
        {
            return new DeleteSummary
            {
                Total = plan.Distinct,
                Deleted = state.Deleted,
                Absent = state.Absent,
                Failed = state.Failed,
                NotRecorded = state.NotRecorded,
                SkippedFromJournal = plan.AlreadyDone,
                NotAttempted = plan.ToSend - state.Started,
                Cancelled = control.Stopping.IsCancellationRequested,
                SignalExitCode = control.SignalExitCode,
                StoppedBecause = state.StoppedBecause,
                WriteFailure = state.WriteFailure,
                Elapsed = time.GetElapsedTime(started),
            };
        }
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended before the drain timeout.
        }
    }

    /// <summary>The running totals; only counts and the failures are kept, not every result.</summary>
    private sealed class RunState
    {
        public int Started;
        public int Deleted;
        public int Absent;
        public int Results;
        public int AbsentSoFar;
        public List<DeleteResult> Failed { get; } = [];
        public List<string> NotRecorded { get; } = [];
        public string? StoppedBecause { get; set; }
        public string? WriteFailure { get; set; }

        public void Count(DeleteResult result)
        {
            Results++;
            switch (result.Outcome)
            {
                case DeleteOutcome.Deleted: Deleted++; break;
                case DeleteOutcome.Absent: Absent++; break;
                default: Failed.Add(result); break;
            }
        }
    }
}
