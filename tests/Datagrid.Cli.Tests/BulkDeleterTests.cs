using Datagrid.Cli.Deleting;
using Datagrid.Cli.Journal;

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
    public async Task CancellationStopsNewDeletesKeepsFinishedOnesAndReportsTheRest()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var deleter = new BulkDeleter(async (id, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 5)
            {
                await cts.CancelAsync();
                await Task.Delay(Timeout.Infinite, ct); // in flight when Ctrl+C comes: must not be recorded
            }

            return new DeleteResult(id, DeleteOutcome.Deleted, 204);
        }, concurrency: 1);

        DeleteSummary summary;
        await using (var journal = await DeleteJournal.OpenAsync(dir.File("j.jsonl")))
        {
            summary = await deleter.RunAsync(Ids, journal, null, cts.Token);
        }

        Assert.Multiple(() =>
        {
            Assert.That(summary.Cancelled, Is.True);
            Assert.That(summary.Deleted, Is.EqualTo(4));
            Assert.That(summary.NotAttempted, Is.EqualTo(16));
            Assert.That(summary.ExitCode, Is.EqualTo(ExitCodes.Cancelled));
            Assert.That(File.ReadAllLines(dir.File("j.jsonl")), Has.Length.EqualTo(4));
        });
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
