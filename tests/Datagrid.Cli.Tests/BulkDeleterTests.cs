using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Cli.Tests;

public class BulkDeleterTests
{
    private static readonly string[] Ids = Enumerable.Range(1, 20).Select(i => $"id-{i}").ToArray();

    [Test]
    public async Task NeverRunsMoreThanTheConcurrencyAtOnce()
    {
        int inFlight = 0, peak = 0;
        var deleter = new BulkDeleter(async (id, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            await Task.Delay(1, ct);
            Interlocked.Decrement(ref inFlight);
            return new DeleteResult(id, DeleteOutcome.Deleted, 204);
        }, concurrency: 3);

        var summary = await deleter.RunAsync(Ids, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(peak, Is.InRange(1, 3));
            Assert.That(summary.Deleted, Is.EqualTo(20));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Success));
        });
    }

    [Test]
    public async Task SumsUpOutcomesAndExitsOneOnFailure()
    {
        var deleter = new BulkDeleter((id, _) => Task.FromResult(id switch
        {
            "id-1" => new DeleteResult(id, DeleteOutcome.Absent, 404),
            "id-2" => new DeleteResult(id, DeleteOutcome.Failed, 500, "HTTP 500"),
            _ => new DeleteResult(id, DeleteOutcome.Deleted, 204),
        }), concurrency: 4);

        var summary = await deleter.RunAsync(Ids, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Deleted, Is.EqualTo(18));
            Assert.That(summary.Absent, Is.EqualTo(1));
            Assert.That(summary.Failed.Select(f => f.Id), Is.EqualTo(new[] { "id-2" }));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.SomeFailed));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task AStopTakesNoNewIdsButFinishesAndRecordsTheOnesInFlight(CancellationToken testTimeout)
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var deleter = new BulkDeleter(async (id, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 5)
            {
                // Ctrl+C while this delete is in flight: it goes on and its result is recorded.
                await cts.CancelAsync();
                await Task.Yield();
            }

            return new DeleteResult(id, DeleteOutcome.Deleted, 204);
        }, concurrency: 1);

        DeleteSummary summary;
        await using (var journal = await DeleteJournal.OpenAsync(dir.File("j.jsonl"), cancellationToken: testTimeout))
        {
            summary = await deleter.RunAsync(Ids, journal, null, cts.Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(summary.Cancelled, Is.True);
            Assert.That(summary.Deleted, Is.EqualTo(5));
            Assert.That(summary.NotAttempted, Is.EqualTo(15));
            Assert.That(summary.NotRecorded, Is.Empty);
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Cancelled));
            Assert.That(File.ReadAllLines(dir.File("j.jsonl")), Has.Length.EqualTo(5));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ADeleteInFlightLongerThanTheDrainTimeoutIsAbandonedAndListedAsNotRecorded(CancellationToken testTimeout)
    {
        var clock = new FakeTimeProvider();
        using var control = new StopControl();
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var deleter = new BulkDeleter(async (row, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 3)
            {
                control.Signal(ExitCodes.Terminated);
                hanging.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return new DeleteResult(row.Id, DeleteOutcome.Deleted, 204);
        }, concurrency: 1, time: clock, drainTimeout: TimeSpan.FromSeconds(30));

        var run = deleter.RunAsync(Rows(), null, null, control);
        await hanging.Task.WaitAsync(testTimeout);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(run.IsCompleted, Is.False, "within --timeout the delete in flight may still finish");
        clock.Advance(TimeSpan.FromSeconds(1));
        var summary = await run.WaitAsync(testTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Deleted, Is.EqualTo(2));
            Assert.That(summary.NotRecorded, Is.EqualTo(new[] { "id-3" }));
            Assert.That(summary.NotAttempted, Is.EqualTo(17));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Terminated));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ASecondSignalAbandonsTheDeletesInFlightAtOnce(CancellationToken testTimeout)
    {
        using var control = new StopControl();
        var calls = 0;
        var deleter = new BulkDeleter(async (row, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                control.Signal(ExitCodes.Cancelled);
                control.Signal(ExitCodes.Cancelled);
                await Task.Delay(Timeout.Infinite, ct);
            }

            return new DeleteResult(row.Id, DeleteOutcome.Deleted, 204);
        }, concurrency: 1, drainTimeout: TimeSpan.FromDays(1));

        var summary = await deleter.RunAsync(Rows(), null, null, control).WaitAsync(testTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(summary.NotRecorded, Is.EqualTo(new[] { "id-2" }));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Cancelled));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task AJournalThatCannotBeWrittenStopsTheRunAndListsWhatWasNotRecorded(CancellationToken testTimeout)
    {
        var calls = 0;
        var deleter = new BulkDeleter((row, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new DeleteResult(row.Id, DeleteOutcome.Deleted, 204));
        }, concurrency: 1);
        await using var journal = DeleteJournal.OverStream(new FailingStream(okWrites: 3), "full.jsonl");
        using var control = new StopControl();

        var summary = await deleter.RunAsync(Rows(), new ResultSink(journal, null), null, control).WaitAsync(testTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Deleted, Is.EqualTo(3), "recorded before the disk filled");
            Assert.That(summary.NotRecorded, Is.EqualTo(new[] { "id-4" }), "deleted, but its result could not be written");
            Assert.That(calls, Is.EqualTo(4), "nothing sent after the failed write");
            Assert.That(summary.WriteFailure, Does.Contain("full.jsonl").And.Contain("No space left on device"));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.WriteFailed));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ATeamspaceWaitingForItsWindowDoesNotHoldUpAnother(CancellationToken testTimeout)
    {
        // Teamspace "slow" never gets a permit in this test; "fast" must still be deleted in full. Both lanes share
        // nothing but the wire slots, which a waiting call does not hold (they are taken per attempt).
        var slowStarted = 0;
        var deleter = new BulkDeleter(async (row, ct) =>
        {
            if (row.Teamspace == "slow")
            {
                Interlocked.Increment(ref slowStarted);
                await Task.Delay(Timeout.Infinite, ct);
            }

            return new DeleteResult(row.Id, DeleteOutcome.Deleted, 204) { Teamspace = row.Teamspace };
        }, concurrency: 2, drainTimeout: TimeSpan.Zero);
        var rows = Enumerable.Range(1, 10).Select(i => new DeleteRow("slow", $"s{i}", i))
            .Concat(Enumerable.Range(1, 10).Select(i => new DeleteRow("fast", $"f{i}", 10 + i))).ToList();
        using var control = new StopControl();
        var fastDone = 0;

        var run = deleter.RunAsync(rows, null, r =>
        {
            if (r.Teamspace == "fast" && Interlocked.Increment(ref fastDone) == 10)
            {
                control.Signal(ExitCodes.Cancelled);
            }
        }, control);
        var summary = await run.WaitAsync(testTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Deleted, Is.EqualTo(10), "every row of the teamspace that could go went");
            Assert.That(slowStarted, Is.InRange(1, 2), "the waiting teamspace started no more than its share");
            Assert.That(summary.NotRecorded, Has.Count.EqualTo(slowStarted), "the waiting ones were given up, not recorded");
        });
    }

    private static List<DeleteRow> Rows() => [.. Ids.Select((id, i) => new DeleteRow(null, id, i + 1))];

    /// <summary>Accepts <c>okWrites</c> writes, then fails every one as a full disk does.</summary>
    private sealed class FailingStream(int okWrites) : MemoryStream
    {
        private int writes;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++writes > okWrites ? ValueTask.FromException(new IOException("No space left on device")) : base.WriteAsync(buffer, cancellationToken);
    }

    [Test]
    public async Task SkipsWhatTheJournalSaysIsDone()
    {
        using var dir = new TempDir();
        await File.WriteAllLinesAsync(dir.File("j.jsonl"),
        [
            """{"id":"id-1","outcome":"deleted"}""",
            """{"id":"id-2","outcome":"absent"}""",
            """{"id":"id-3","outcome":"failed"}""",
        ]);
        var asked = new List<string>();
        var deleter = new BulkDeleter((id, _) =>
        {
            lock (asked)
            {
                asked.Add(id);
            }

            return Task.FromResult(new DeleteResult(id, DeleteOutcome.Deleted, 204));
        }, concurrency: 2);

        await using var journal = await DeleteJournal.OpenAsync(dir.File("j.jsonl"));
        var summary = await deleter.RunAsync(Ids, journal, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(asked, Has.Count.EqualTo(18).And.Contains("id-3").And.No.Contains("id-1").And.No.Contains("id-2"));
            Assert.That(summary.SkippedFromJournal, Is.EqualTo(2));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Success));
        });
    }

    [Test]
    public async Task AResultThatStopsTheRunStopsIt()
    {
        var deleter = new BulkDeleter((id, _) =>
            Task.FromResult(new DeleteResult(id, DeleteOutcome.Failed, 401, "key refused", StopsTheRun: true)), concurrency: 1);

        var summary = await deleter.RunAsync(Ids, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Failed, Has.Count.EqualTo(1));
            Assert.That(summary.NotAttempted, Is.EqualTo(19));
            Assert.That(summary.StoppedBecause, Is.EqualTo("key refused"));
            Assert.That(summary.Cancelled, Is.False);
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.SomeFailed));
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
