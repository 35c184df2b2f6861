using System.Diagnostics;
using Datagrid.LocalServer;

namespace Datagrid.Cli.Tests;

/// <summary>
/// Signals and the exit codes that depend on the process, through `datagrid` run as a child process against the local
/// server: SIGTERM (143) and SIGINT (130) finish and journal what is in flight; a second signal stops at once; a journal
/// on a disk that fills stops the run with exit 3 and a resumed run after freeing space finishes the job.
/// </summary>
[NonParallelizable]
public class SignalAndExitCodeTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(60);

    [TestCase(CliProcess.SigTerm, ExitCodes.Terminated, "Terminated (SIGTERM). Summary so far:")]
    [TestCase(CliProcess.SigInt, ExitCodes.Cancelled, "Cancelled. Summary so far:")]
    public async Task ASignalFinishesTheDeletesInFlightJournalsThemAndExitsWithItsCode(int signal, int exitCode, string heading)
    {
        const int count = 200;
        using var dir = new TempDir();
        var journal = dir.File("journal.jsonl");
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedCount = count,
            Faults = new FaultOptions { AddedLatency = TimeSpan.FromMilliseconds(300) },
        });
        using var cli = CliProcess.Start(Args(server, dir, journal, count, "--concurrency", "4"));

        await WaitUntilAsync(() => JournalLines.Results(journal) >= 4, cli);
        cli.Signal(signal);
        var code = await cli.ExitCodeAsync(ExitLimit);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(exitCode), cli.ToString());
            Assert.That(cli.Output, Does.Contain(heading));
            Assert.That(cli.Output, Does.Not.Contain("not recorded"), "every delete in flight finished within --timeout");
            Assert.That(server.Counters.Deletes, Is.LessThan(count), "stopped taking ids");
            Assert.That(JournalLines.Results(journal), Is.EqualTo(server.Counters.Deletes), "every delete the server did is in the journal");
        });
    }

    [Test]
    public async Task TheDemoStoppedBySigtermExitsWithTheSigtermCode()
    {
        // The demo paces 300 deletes over about 10 s, so it is still running when the first progress line shows.
        using var cli = CliProcess.Start("demo", "--count", "300", "--limit", "30", "--window", "1");

        await WaitUntilAsync(() => cli.Output.Contains("deleted", StringComparison.Ordinal), cli);
        cli.Signal(CliProcess.SigTerm);
        var code = await cli.ExitCodeAsync(ExitLimit);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Terminated), cli.ToString());
            Assert.That(cli.Output, Does.Contain("Terminated (SIGTERM). Summary so far:"));
        });
    }

    [Test]
    public async Task ASecondSignalStopsAtOnceAndListsWhatWasNotRecorded()
    {
        const int count = 50;
        using var dir = new TempDir();
        var journal = dir.File("journal.jsonl");
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedCount = count,
            Faults = new FaultOptions { AddedLatency = TimeSpan.FromSeconds(20) },
        });
        using var cli = CliProcess.Start(Args(server, dir, journal, count, "--concurrency", "2", "--rate-limit", "10", "--timeout", "60"));

        await WaitUntilAsync(() => server.Counters.Requests >= 2, cli);
        cli.Signal(CliProcess.SigTerm);
        await Task.Delay(200);
        Assert.That(cli.HasExited, Is.False, "the first signal waits for the deletes in flight");
        var clock = Stopwatch.StartNew();
        cli.Signal(CliProcess.SigTerm);
        var code = await cli.ExitCodeAsync(ExitLimit);

        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "did not wait for the 20 s deletes");
            Assert.That(code, Is.EqualTo(ExitCodes.Terminated), cli.ToString());
            Assert.That(cli.Output, Does.Contain("not recorded").And.Contain("will be retried on resume"));
        });
    }

    [Test]
    public async Task AJournalOnADiskThatFillsStopsWithExitThreeAndAResumeAfterFreeingSpaceFinishes()
    {
        const int count = 3000;
        using var dir = new TempDir();
        var mount = dir.File("small");
        Directory.CreateDirectory(mount);
        if (!Mount(mount, "size=24k", out var why))
        {
            Assert.Ignore($"cannot mount a 24 KB tmpfs here ({why}); CI runs as root, where it can");
        }

        try
        {
            var journal = Path.Combine(mount, "journal.jsonl");
            await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = count, Limit = 1_000_000 });
            using (var cli = CliProcess.Start(Args(server, dir, journal, count, "--concurrency", "8")))
            {
                var code = await cli.ExitCodeAsync(ExitLimit);
                Assert.Multiple(() =>
                {
                    Assert.That(code, Is.EqualTo(ExitCodes.WriteFailed), cli.ToString());
                    Assert.That(cli.Error, Does.Not.Contain("Unhandled exception"));
                    Assert.That(cli.Output, Does.Contain("Stopped sending: Cannot write to the journal").And.Contain("No space left on device"));
                    Assert.That(cli.Output, Does.Contain("not recorded").And.Contain("will be retried on resume"));
                    Assert.That(server.Counters.Deletes, Is.LessThan(count), "stopped sending");
                });
            }

            Assert.That(Mount(mount, "remount,size=4m", out why), Is.True, why);
            using (var resumed = CliProcess.Start(Args(server, dir, journal, count, "--concurrency", "8", "--expect-absent")))
            {
                var code = await resumed.ExitCodeAsync(ExitLimit);
                Assert.Multiple(() =>
                {
                    Assert.That(code, Is.EqualTo(0), resumed.ToString());
                    Assert.That(server.RemainingMemoryCount, Is.Zero, "every id deleted or proven absent");
                    Assert.That(server.Counters.NotFound, Is.LessThanOrEqualTo(8), "only the ids not recorded were sent again");
                });
            }
        }
        finally
        {
            Mount(mount, null, out _);
        }
    }

    private static string[] Args(LocalDatagridServer server, TempDir dir, string journal, int count, params string[] extra)
    {
        var ids = dir.File("ids.txt");
        if (!File.Exists(ids))
        {
            File.WriteAllLines(ids, Enumerable.Range(1, count).Select(LocalServerOptions.SeededId));
        }

        return ["user-memories", "delete", "--ids-file", ids, "--journal", journal, "--base-url", server.BaseUrl.ToString(),
            "--api-key", LocalServerOptions.DefaultApiKey, .. extra];
    }

    /// <summary>Mounts a tmpfs at <paramref name="path"/> with <paramref name="options"/>, or unmounts it (null).</summary>
    private static bool Mount(string path, string? options, out string why)
    {
        var start = options is null ? new ProcessStartInfo("umount", [path]) : new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start)!;
            why = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = e.Message;
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CliProcess cli)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (cli.HasExited || clock.Elapsed > ExitLimit)
            {
                Assert.Fail("the run ended (or never got going) before the signal could be sent: " + cli);
            }

            await Task.Delay(20);
        }
    }
}
