using Datagrid.Cli.Deleting;
using Datagrid.Cli.Journal;

namespace Datagrid.Cli.Tests;

public class DeleteJournalTests
{
    [Test]
    public async Task RemembersDeletedAndAbsentButNotFailedIds()
    {
        using var dir = new TempDir();
        var path = dir.File("journal.jsonl");
        await using (var journal = await DeleteJournal.OpenAsync(path))
        {
            await journal.RecordAsync(new DeleteResult("a", DeleteOutcome.Deleted, 204));
            await journal.RecordAsync(new DeleteResult("b", DeleteOutcome.Absent, 404));
            await journal.RecordAsync(new DeleteResult("c", DeleteOutcome.Failed, 500, "HTTP 500"));
        }

        await using var reopened = await DeleteJournal.OpenAsync(path);
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Done.Count, Is.EqualTo(2));
            Assert.That(reopened.IsDone(null, "a") && reopened.IsDone(null, "b") && !reopened.IsDone(null, "c"), Is.True);
            Assert.That(reopened.Warnings, Is.Empty);
            Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(3));
        });
    }

    [Test]
    public async Task EachResultIsOnDiskBeforeRecordReturns()
    {
        using var dir = new TempDir();
        var path = dir.File("journal.jsonl");
        await using var journal = await DeleteJournal.OpenAsync(path);
        await journal.RecordAsync(new DeleteResult("a", DeleteOutcome.Deleted, 204));

        // Read by another handle while the journal is still open: what a crash right now would leave behind.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.That(await reader.ReadToEndAsync(), Does.Contain("\"id\":\"a\"").And.Contain("\"outcome\":\"deleted\""));
    }

    [Test]
    public async Task SurvivesALineCutShortByACrash()
    {
        using var dir = new TempDir();
        var path = dir.File("journal.jsonl");
        await File.WriteAllTextAsync(path, "{\"id\":\"a\",\"outcome\":\"deleted\",\"status\":204}\n{\"id\":\"b\",\"outco");

        await using (var journal = await DeleteJournal.OpenAsync(path))
        {
            Assert.Multiple(() =>
            {
                Assert.That(journal.Done.Count == 1 && journal.IsDone(null, "a"), Is.True);
                Assert.That(journal.Warnings, Has.One.Contains("line 2"));
            });
            await journal.RecordAsync(new DeleteResult("c", DeleteOutcome.Deleted, 204));
        }

        await using var reopened = await DeleteJournal.OpenAsync(path);
        Assert.That(reopened.Done.Count == 2 && reopened.IsDone(null, "a") && reopened.IsDone(null, "c"), Is.True, "the new entry starts on its own line");
    }

    [Test]
    public async Task ALaterSuccessWinsOverAnEarlierFailure()
    {
        using var dir = new TempDir();
        var path = dir.File("journal.jsonl");
        await using (var journal = await DeleteJournal.OpenAsync(path))
        {
            await journal.RecordAsync(new DeleteResult("a", DeleteOutcome.Failed, 500, "x"));
            await journal.RecordAsync(new DeleteResult("a", DeleteOutcome.Deleted, 204));
        }

        await using var reopened = await DeleteJournal.OpenAsync(path);
        Assert.That(reopened.IsDone(null, "a"), Is.True);
    }

    [Test]
    public async Task ASecondRunOnTheSameJournalIsRefusedWhileTheFirstHoldsIt()
    {
        using var dir = new TempDir();
        var path = dir.File("journal.jsonl");
        await using (var first = await DeleteJournal.OpenAsync(path))
        {
            Assert.That(() => DeleteJournal.OpenAsync(path),
                Throws.InstanceOf<IOException>().With.Message.Contains("is in use by another datagrid run"));
            await first.RecordAsync(new DeleteResult("a", DeleteOutcome.Deleted, 204));
        }

        // Released on close: the next run opens it and sees the first run's work.
        await using var next = await DeleteJournal.OpenAsync(path);
        Assert.That(next.Done.Count == 1 && next.IsDone(null, "a"), Is.True);
    }

    [Test]
    public async Task ASymbolicLinkToAJournalInUseIsRefusedToo()
    {
        using var dir = new TempDir();
        var path = dir.File("journal.jsonl");
        var fileLink = dir.File("link.jsonl");
        File.CreateSymbolicLink(fileLink, path);
        var folderLink = dir.File("folder-link");
        Directory.CreateSymbolicLink(folderLink, dir.Path);

        await using var first = await DeleteJournal.OpenAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(() => DeleteJournal.OpenAsync(fileLink),
                Throws.InstanceOf<IOException>().With.Message.Contains("is in use by another datagrid run"));
            Assert.That(() => DeleteJournal.OpenAsync(Path.Combine(folderLink, "journal.jsonl")),
                Throws.InstanceOf<IOException>().With.Message.Contains("is in use by another datagrid run"));
        });
    }

    [Test]
    public void ReportsAnUnwritablePath()
    {
        Assert.That(() => DeleteJournal.OpenAsync("/no/such/folder/journal.jsonl"),
            Throws.InstanceOf<IOException>().With.Message.StartsWith("Cannot open the journal '/no/such/folder/journal.jsonl'"));
    }
}
