using System.Diagnostics;
using Datagrid.LocalServer;
using Datagrid.Cli.Journal;

namespace Datagrid.Cli.Tests;

/// <summary>The one real-process test: `datagrid` killed with SIGKILL mid-run loses nothing its journal recorded.</summary>
public class KilledProcessTests
{
    [Test]
    public async Task ARunKilledMidwayIsFinishedByTheNextRunWithTheSameJournal()
    {
        const int count = 30;
        using var dir = new TempDir();
        var journal = dir.File("journal.jsonl");
        var idsFile = dir.File("ids.txt");
        var ids = Enumerable.Range(1, count).Select(LocalServerOptions.SeededId).ToArray();
        await File.WriteAllLinesAsync(idsFile, ids);

        // 100 ms per delete at 2 at a time: the run would take ~1.5 s, so there is time to kill it midway.
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedCount = count,
            Faults = new FaultOptions { AddedLatency = TimeSpan.FromMilliseconds(100) },
        });
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "datagrid.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                cli, "user-memories", "delete", "--ids-file", idsFile, "--journal", journal, "--concurrency", "2",
                "--base-url", server.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using (var process = Process.Start(start)!)
        {
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            var deadline = Stopwatch.StartNew();
            while (JournalLines.Results(journal) < 4 && !process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            if (process.HasExited)
            {
                Assert.Fail("the run ended before it could be killed: " + string.Join("\n", await drain));
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await drain;
        }

        int doneBefore;
        await using (var before = await DeleteJournal.OpenAsync(journal))
        {
            doneBefore = before.Done.Count;
        }

        var resumed = await CliRun.RunAsync(["user-memories", "delete", "--ids-file", idsFile, "--journal", journal,
            "--base-url", server.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey]);

        Assert.Multiple(() =>
        {
            Assert.That(doneBefore, Is.InRange(4, count - 1), "killed midway");
            Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.ToString());
            Assert.That(resumed.Output, Does.Contain($"done in earlier run (journal): {doneBefore}"));
            Assert.That(server.RemainingMemoryCount, Is.Zero, "every memory is gone after the second run");

            // Deletes in flight when the process died reached the server but not the journal: they come back as 404.
            Assert.That(server.Counters.NotFound, Is.LessThanOrEqualTo(2), "at most the --concurrency in-flight ids are sent twice");
        });
    }
}
