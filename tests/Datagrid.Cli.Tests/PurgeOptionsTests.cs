using System.Collections.Concurrent;
using System.Text.Json;
using Datagrid.LocalServer;

namespace Datagrid.Cli.Tests;

/// <summary>
/// The purge options of `datagrid user-memories delete` through the real command (in-process) against the local
/// server: --report, several teamspaces in one CSV, --dry-run, --max-delete, --rate-limit, and the refusals before
/// anything is sent.
/// </summary>
[CancelAfter(60_000)]
public class PurgeOptionsTests
{
    private LocalDatagridServer server = null!;
    private TempDir dir = null!;

    [SetUp]
    public async Task StartServerAsync()
    {
        dir = new TempDir();
        server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 20 });
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        await server.DisposeAsync();
        dir.Dispose();
    }

    private string[] Delete(params string[] rest) =>
        ["user-memories", "delete", "--base-url", server.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey, "--max-retries", "0", .. rest];

    private static string Id(int i) => LocalServerOptions.SeededId(i);

    private string Csv(params string[] rows)
    {
        var path = dir.File("rows.csv");
        File.WriteAllLines(path, ["teamspace,user_memory_id", .. rows]);
        return path;
    }

    [Test]
    public async Task TheReportHasOneJsonLinePerIdWithTheDocumentedFields()
    {
        var report = dir.File("report.jsonl");
        var run = await CliRun.RunAsync(Delete(Id(1), Id(2), "never-existed", "--teamspace", "team-a", "--report", report));

        var lines = File.ReadAllLines(report).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var byId = lines.ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(lines, Has.Count.EqualTo(3));
            Assert.That(byId[Id(1)].GetProperty("outcome").GetString(), Is.EqualTo("deleted"));
            Assert.That(byId[Id(1)].GetProperty("status").GetInt32(), Is.EqualTo(204));
            Assert.That(byId[Id(1)].GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(byId[Id(1)].GetProperty("teamspace").GetString(), Is.EqualTo("team-a"));
            Assert.That(byId[Id(1)].GetProperty("request_id").GetString(), Does.StartWith("req_local_"), "the local server sends X-Request-Id");
            Assert.That(byId[Id(1)].GetProperty("time").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(byId["never-existed"].GetProperty("outcome").GetString(), Is.EqualTo("absent"));
            Assert.That(byId["never-existed"].GetProperty("status").GetInt32(), Is.EqualTo(404));
        });
    }

    [Test]
    public async Task TheCsvReportHasAHeaderAndQuotesReasons()
    {
        var report = dir.File("report.csv");
        var run = await CliRun.RunAsync(Delete(Id(3), "--report", report, "--report-format", "csv"));

        var lines = File.ReadAllLines(report);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(lines[0], Is.EqualTo("id,teamspace,outcome,status,attempts,request_id,time,reason"));
            Assert.That(lines[1], Does.Match($"^{Id(3)},,deleted,204,1,req_local_[0-9a-f]+,\\d{{4}}-\\d\\d-\\d\\dT[0-9:.]+Z,$"));
        });
    }

    [Test]
    public async Task ACsvOfTeamspacesSendsEachRowToItsTeamspaceAndRecordsIt()
    {
        var seen = new ConcurrentDictionary<string, string>();
        var journal = dir.File("journal.jsonl");
        var report = dir.File("report.jsonl");
        var rows = Csv($"team-a,{Id(1)}", $"team-b,{Id(2)}", $"\"team-a\",{Id(3)}", $"team-c,{Id(4)}");

        var run = await CliRun.RunAsync(Delete("--ids-file", rows, "--journal", journal, "--report", report),
            configure: app => app.HttpHandler = new TeamspaceRecorder(seen));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(seen, Is.EquivalentTo(new Dictionary<string, string> { [Id(1)] = "team-a", [Id(2)] = "team-b", [Id(3)] = "team-a", [Id(4)] = "team-c" }));
            Assert.That(File.ReadAllLines(journal), Has.Some.Contains($"\"id\":\"{Id(2)}\"").And.Some.Contains("\"teamspace\":\"team-b\""));
            Assert.That(File.ReadAllLines(journal)[0], Does.Contain("\"teamspace\":\"(per row)\""));
            Assert.That(File.ReadAllLines(report), Has.Some.Contains($"\"id\":\"{Id(4)}\",\"teamspace\":\"team-c\""));
        });

        // Resume works per row: the same id in another teamspace is other work, and is sent.
        var more = Csv($"team-a,{Id(1)}", $"team-b,{Id(2)}", $"team-a,{Id(3)}", $"team-c,{Id(4)}", $"team-z,{Id(1)}");
        var resumed = await CliRun.RunAsync(Delete("--ids-file", more, "--journal", journal, "--expect-absent"));
        Assert.Multiple(() =>
        {
            Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.ToString());
            Assert.That(resumed.Output, Does.Contain("done in earlier run (journal): 4").And.Contain("already absent:     1"));
        });
    }

    [Test]
    public async Task TeamspacesArePacedSeparatelyAndAWaitingOneHoldsNoSlot()
    {
        // Limit 3 per 60 s per teamspace, 2 slots on the wire: team-a has 6 rows, so after 3 it waits a minute for its
        // window. team-b's rows come after all of team-a's in the file and must still all go within seconds.
        await using var tight = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 20, Limit = 3, Window = TimeSpan.FromSeconds(60) });
        var rows = Csv([.. Enumerable.Range(1, 6).Select(i => $"team-a,{Id(i)}"), .. Enumerable.Range(7, 3).Select(i => $"team-b,{Id(i)}")]);
        using var ctrlC = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (tight.Counters.Deletes < 6)
            {
                await Task.Delay(20);
            }

            await ctrlC.CancelAsync();
        });

        var run = await CliRun.RunAsync(
            ["user-memories", "delete", "--base-url", tight.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey,
             "--ids-file", rows, "--concurrency", "2", "--timeout", "1", "--rate-limit", "3"],
            cancellationToken: ctrlC.Token);
        await watch;

        Assert.Multiple(() =>
        {
            Assert.That(tight.RemainingMemoryIds, Is.SupersetOf(new[] { Id(4), Id(5), Id(6) }), "team-a waited for its window");
            Assert.That(tight.RemainingMemoryIds, Does.Not.Contain(Id(7)).And.Not.Contains(Id(8)).And.Not.Contains(Id(9)), "team-b went meanwhile");
            Assert.That(tight.Counters.Throttled, Is.Zero, "--rate-limit paced each teamspace to its own window");
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Cancelled), run.ToString());
            Assert.That(run.Output, Does.Contain("not recorded"), "team-a's waiting deletes were given up after --timeout");
        });
    }

    [Test]
    public async Task RateLimitStartsPacedAtTheGivenBudgetInsteadOfOneAtATime()
    {
        var peak = await PeakInFlightBeforeFirstResponseAsync(11, "--rate-limit", "4");
        var learned = await PeakInFlightBeforeFirstResponseAsync(1);
        Assert.Multiple(() =>
        {
            Assert.That(peak, Is.EqualTo(4), "four requests go at once on a known budget of 4");
            Assert.That(learned, Is.EqualTo(1), "without it, one request until the server has said its limit");
        });
    }

    private async Task<int> PeakInFlightBeforeFirstResponseAsync(int first, params string[] extra)
    {
        var gate = new HoldFirstResponses();
        var ids = Enumerable.Range(first, 6).Select(Id).ToArray();
        var running = CliRun.RunAsync(Delete([.. ids, "--concurrency", "8", .. extra]), configure: app => app.HttpHandler = gate);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var peak = gate.InFlight;
        gate.Release();
        var run = await running;
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        return peak;
    }

    [Test]
    public async Task DryRunPrintsThePlanAndSendsNothing()
    {
        var journal = dir.File("journal.jsonl");
        var first = await CliRun.RunAsync(Delete(Id(1), Id(2), "--journal", journal, "--teamspace", "t"));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var before = server.Counters.Requests;
        var ids = dir.File("ids.txt");
        File.WriteAllLines(ids, [Id(1), Id(2), Id(3), Id(3), Id(4), Id(5)]);

        var dry = await CliRun.RunAsync(Delete("--ids-file", ids, "--journal", journal, "--teamspace", "t", "--dry-run", "--rate-limit-window", "60"));

        Assert.Multiple(() =>
        {
            Assert.That(dry.ExitCode, Is.EqualTo(0), dry.ToString());
            Assert.That(server.Counters.Requests, Is.EqualTo(before), "nothing sent");
            Assert.That(dry.Output, Does.Contain("rows read:               6").And.Contain("duplicates (once each):  1")
                .And.Contain("already done (journal):  2").And.Contain("to delete:               3"));
            Assert.That(dry.Output, Does.Contain("earliest finish:         0 s at 200 requests per 60 s window per teamspace (the limit the last run learned (journal))"));
            Assert.That(dry.Output, Does.Contain("The run would start."));
        });
    }

    [Test]
    public async Task DryRunListsInvalidLinesAndExitsTwo()
    {
        var ids = dir.File("ids.txt");
        File.WriteAllLines(ids, [Id(1), "../admin", Id(2)]);
        var dry = await CliRun.RunAsync(Delete("--ids-file", ids, "--dry-run"));
        Assert.Multiple(() =>
        {
            Assert.That(dry.ExitCode, Is.EqualTo(ExitCodes.BadUsage), dry.ToString());
            Assert.That(dry.Error, Does.Contain($"{ids} line 2"));
            Assert.That(dry.Output, Does.Contain("The run would be refused"));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task DryRunEstimatesTheFinishAtTheGivenBudgetPerTeamspace()
    {
        var rows = Csv([.. Enumerable.Range(1, 10).Select(i => $"a,{Id(i)}"), .. Enumerable.Range(11, 4).Select(i => $"b,{Id(i)}")]);
        var dry = await CliRun.RunAsync(Delete("--ids-file", rows, "--dry-run", "--rate-limit", "3", "--rate-limit-window", "60"));
        Assert.Multiple(() =>
        {
            Assert.That(dry.ExitCode, Is.EqualTo(0), dry.ToString());
            Assert.That(dry.Output, Does.Contain("teamspace a: 10").And.Contain("teamspace b: 4"));
            // 10 at 3 per window: requests 9 and 10 go in the fourth window, 3 windows after the first.
            Assert.That(dry.Output, Does.Contain("earliest finish:         180 s at 3 requests per 60 s window per teamspace (--rate-limit)"));
        });
    }

    [Test]
    public async Task DryRunRefusesAJournalFromOtherSettingsAsARealRunDoes()
    {
        var journal = dir.File("journal.jsonl");
        await CliRun.RunAsync(Delete(Id(1), "--journal", journal, "--teamspace", "one"));
        var dry = await CliRun.RunAsync(Delete(Id(2), "--journal", journal, "--teamspace", "two", "--dry-run"));
        var real = await CliRun.RunAsync(Delete(Id(2), "--journal", journal, "--teamspace", "two"));
        Assert.Multiple(() =>
        {
            Assert.That(dry.ExitCode, Is.EqualTo(ExitCodes.BadUsage), dry.ToString());
            Assert.That(dry.Error, Does.Contain("teamspace one (now two)"));
            Assert.That(real.Error.Replace("--dry-run", string.Empty, StringComparison.Ordinal), Is.EqualTo(dry.Error));
        });
    }

    [Test]
    public async Task MaxDeleteRefusesARunThatWouldSendMoreAndSaysHowMany()
    {
        var run = await CliRun.RunAsync(Delete(Id(1), Id(2), Id(3), Id(3), "--max-delete", "2"));
        var fits = await CliRun.RunAsync(Delete(Id(1), Id(2), Id(2), "--max-delete", "2"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadUsage), run.ToString());
            Assert.That(run.Error, Does.Contain("--max-delete 2: this run would send 3 delete(s)").And.Contain("Nothing was sent"));
            Assert.That(fits.ExitCode, Is.EqualTo(0), "duplicates are not counted against the cap");
            Assert.That(server.Counters.Requests, Is.EqualTo(2));
        });
    }

    [TestCase("--max-delete", "0", "--max-delete must be at least 1")]
    [TestCase("--max-delete", "-3", "--max-delete must be at least 1")]
    [TestCase("--rate-limit", "0", "--rate-limit must be at least 1")]
    [TestCase("--report-format", "xml", "--report-format must be jsonl or csv")]
    [TestCase("--report", "/no/such/folder/report.jsonl", "Cannot write the report '/no/such/folder/report.jsonl': its folder does not exist")]
    public async Task BadOptionsAreRefusedBeforeAnythingIsSent(string option, string value, string message)
    {
        var run = await CliRun.RunAsync(Delete(Id(1), option, value));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadUsage), run.ToString());
            Assert.That(run.Error, Does.Contain(message));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [TestCase("team-a,mem_000001,extra", "line 3 ('team-a,mem_000001,extra') has 3 field(s); each row must be 'teamspace,user_memory_id'")]
    [TestCase(",mem_000001", "line 3 has an empty teamspace; put the teamspace id before the comma")]
    [TestCase("team-a,", "Invalid id '' (")]
    public async Task AMalformedCsvRowIsRefusedNamingItsLine(string row, string message)
    {
        var rows = Csv($"team-a,{Id(2)}", row);
        var run = await CliRun.RunAsync(Delete("--ids-file", rows));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadUsage), run.ToString());
            Assert.That(run.Error, Does.Contain(message));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task APlainListWithCommasIsRefusedAndAskedForTheHeader()
    {
        var ids = dir.File("ids.txt");
        File.WriteAllLines(ids, ["team-a,mem_000001"]);
        var run = await CliRun.RunAsync(Delete("--ids-file", ids));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadUsage), run.ToString());
            Assert.That(run.Error, Does.Contain($"{ids} line 1 has a comma").And.Contain("header line 'teamspace,user_memory_id'"));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task TeamspaceFlagWithAPerRowCsvIsRefused()
    {
        var run = await CliRun.RunAsync(Delete("--ids-file", Csv($"a,{Id(1)}"), "--teamspace", "b"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadUsage), run.ToString());
            Assert.That(run.Error, Does.Contain("--teamspace does not apply"));
        });
    }

    [Test]
    public async Task AReportThatCannotBeWrittenMidRunStopsWithExitThree()
    {
        // /dev/full opens, and every write fails with "No space left on device": a disk that filled during the run.
        Assume.That(File.Exists("/dev/full"), "needs /dev/full (Linux)");
        var journal = dir.File("journal.jsonl");
        var run = await CliRun.RunAsync(Delete(Id(1), Id(2), Id(3), "--concurrency", "1", "--journal", journal, "--report", "/dev/full"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.WriteFailed), run.ToString());
            Assert.That(run.Output, Does.Contain("Stopped sending: Cannot write to the report '/dev/full'").And.Contain("not recorded"));
            Assert.That(server.Counters.Requests, Is.EqualTo(1), "nothing sent after the failed write");
        });
    }

    [Test]
    public async Task HelpShowsTheExitCodes()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", "--help"]);
        Assert.That(run.Output, Does.Contain("0 all deleted").And.Contain("3 stopped because the journal or report").And.Contain("143 terminated by SIGTERM")
            .And.Contain("4 --require-redis").And.Contain("130 interrupted"));
    }

    [Test]
    public async Task RequireRedisWithRedisUnreachableExitsFourAndSendsNothing()
    {
        var run = await CliRun.RunAsync(Delete(Id(1), "--redis", "127.0.0.1:1", "--require-redis"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.ServiceUnavailable), run.ToString());
            Assert.That(run.Error, Does.Contain("Redis at 127.0.0.1:1 did not answer"));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    /// <summary>Records which teamspace header each delete carried.</summary>
    private sealed class TeamspaceRecorder(ConcurrentDictionary<string, string> seen) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen[Uri.UnescapeDataString(request.RequestUri!.Segments[^1])] = request.Headers.GetValues("Datagrid-Teamspace").Single();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Holds every response until <see cref="Release"/>, counting the requests waiting meanwhile.</summary>
    private sealed class HoldFirstResponses() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int inFlight;

        public int InFlight => Volatile.Read(ref inFlight);

        public void Release() => released.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref inFlight);
            await released.Task.WaitAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
