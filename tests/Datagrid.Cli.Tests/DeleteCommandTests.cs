using System.Text.Json;
using Datagrid.LocalServer;

namespace Datagrid.Cli.Tests;

/// <summary>`datagrid user-memories delete` end to end, in-process, against the local server over loopback.</summary>
public class DeleteCommandTests
{
    private LocalDatagridServer server = null!;

    [SetUp]
    public async Task StartServerAsync() =>
        server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 10 });

    [TearDown]
    public async Task StopServerAsync() => await server.DisposeAsync();

    private string[] Delete(params string[] rest) =>
        ["user-memories", "delete", "--base-url", server.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey, "--max-retries", "0", .. rest];

    private static string Id(int i) => LocalServerOptions.SeededId(i);

    [Test]
    public async Task ExitsZeroWhenEveryIdIsDeletedOrAlreadyAbsent()
    {
        var run = await CliRun.RunAsync(Delete(Id(1), Id(2), "never-existed"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain("deleted:            2").And.Contain("already absent:     1").And.Contain("failed:             0"));
            Assert.That(server.RemainingMemoryIds, Does.Not.Contain(Id(1)).And.Not.Contains(Id(2)));
        });
    }

    [Test]
    public async Task TakesSettingsFromTheEnvironment()
    {
        var env = new Dictionary<string, string>
        {
            ["DATAGRID_BASE_URL"] = server.BaseUrl.ToString(),
            ["DATAGRID_API_KEY"] = LocalServerOptions.DefaultApiKey,
            ["DATAGRID_TEAMSPACE_ID"] = "team-1",
        };
        var run = await CliRun.RunAsync(["user-memories", "delete", Id(3)], env);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task ReadsIdsFromStandardInput()
    {
        var run = await CliRun.RunAsync(Delete("--ids-file", "-"), stdin: $"{Id(4)}\n{Id(5)}\n");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(server.Counters.Deletes, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ExitsOneAndListsReasonsWhenSomeFail()
    {
        await using var failing = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 2, Faults = new FaultOptions { ServerErrorRate = 1 } });
        var run = await CliRun.RunAsync(["user-memories", "delete", Id(1), Id(2), "--base-url", failing.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey, "--max-retries", "0"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Output, Does.Contain("failed:             2").And.Contain($"failed {Id(1)}: HTTP 500"));
        });
    }

    [Test]
    public async Task StopsAtTheFirstRefusedKeyInsteadOfFailingEveryId()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", Id(1), Id(2), Id(3), "--base-url", server.BaseUrl.ToString(), "--api-key", "wrong-key", "--concurrency", "1"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Output, Does.Contain("Stopped early: 401 Unauthorized").And.Contain("not attempted:      2"));
            Assert.That(run.Output + run.Error, Does.Not.Contain("wrong-key"));
            Assert.That(server.Counters.Unauthorized, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task PrintsAJsonSummary()
    {
        var run = await CliRun.RunAsync(Delete(Id(1), "gone", "--json"));

        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(root.GetProperty("deleted").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("absent").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("failed_count").GetInt32(), Is.Zero);
            Assert.That(root.GetProperty("requests").GetInt64(), Is.EqualTo(2));
            Assert.That(root.GetProperty("exit_code").GetInt32(), Is.Zero);
        });
    }

    [TestCase(new[] { "user-memories", "delete", "x", "--concurrency", "abc" }, "abc", TestName = "2 for an option value of the wrong type")]
    [TestCase(new[] { "user-memories", "delete", "x", "--frobnicate" }, "--frobnicate", TestName = "2 for an unknown option")]
    [TestCase(new[] { "user-memories" }, "command", TestName = "2 for a missing subcommand")]
    [TestCase(new[] { "nonsense" }, "nonsense", TestName = "2 for an unknown command")]
    public async Task ExitsTwoOnBadUsage(string[] args, string mentioned)
    {
        var run = await CliRun.RunAsync(args, new Dictionary<string, string> { ["DATAGRID_API_KEY"] = "k" });
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain(mentioned));
        });
    }

    [Test]
    public async Task HelpDescribesTheOptionsAndExitsZero()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", "--help"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain("--ids-file").And.Contain("--journal").And.Contain("DATAGRID_API_KEY"));
        });
    }

    [Test]
    public async Task ExitsTwoWithoutAKey()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", "x", "--base-url", server.BaseUrl.ToString()]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("No Datagrid API key: set the DATAGRID_API_KEY environment variable or --api-key-file FILE / --api-key-stdin."));
        });
    }

    [TestCase("../x")]
    [TestCase(".")]
    public async Task ExitsTwoOnAHostileIdAndDeletesNothing(string hostile)
    {
        var run = await CliRun.RunAsync(Delete(Id(1), hostile));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain($"Invalid id '{hostile}'"));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task ExitsTwoOnAnUnreadableIdsFile()
    {
        var run = await CliRun.RunAsync(Delete("--ids-file", "/no/such/file.txt"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("Cannot read --ids-file '/no/such/file.txt'"));
        });
    }

    [TestCase("0")]
    [TestCase("65")]
    public async Task ExitsTwoOnAnOutOfRangeConcurrency(string value)
    {
        var run = await CliRun.RunAsync(Delete(Id(1), "--concurrency", value));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("--concurrency must be between 1 and 64"));
        });
    }

    [Test]
    public async Task ExitsTwoOnABadBaseUrl()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", "x", "--api-key", "k", "--base-url", "ftp://example.com"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("is not an http(s) URL"));
        });
    }

    [Test]
    public async Task ExitsTwoOnAJournalThatCannotBeWritten()
    {
        var run = await CliRun.RunAsync(Delete(Id(1), "--journal", "/no/such/folder/journal.jsonl"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.StartWith("error: Cannot open the journal '/no/such/folder/journal.jsonl'").And.Contain("Give --journal a file path"));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task WarnsAboutBlankLinesAndDuplicatesButGoesOn()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("ids.txt"), $"{Id(1)}\n\n{Id(1)}\n{Id(2)}\n");
        var run = await CliRun.RunAsync(Delete("--ids-file", dir.File("ids.txt")));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Error, Does.Contain("warning: Skipped 1 blank line(s)").And.Contain("warning: Ignored 1 duplicate id(s)"));
            Assert.That(server.Counters.Requests, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ACancelledRunPrintsTheSummarySoFarAndTheJournalLetsTheNextRunFinish()
    {
        using var dir = new TempDir();
        var journal = dir.File("journal.jsonl");
        var ids = Enumerable.Range(1, 10).Select(Id).ToArray();
        using var ctrlC = new CancellationTokenSource();

        // Ctrl+C after the third response: the handler stands in for the user.
        var first = await CliRun.RunAsync(Delete([.. ids, "--journal", journal, "--concurrency", "1"]), cancellationToken: ctrlC.Token,
            configure: app => app.HttpHandler = new CancelAfterHandler(3, ctrlC));

        var recorded = File.ReadAllLines(journal);
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Cancelled), first.ToString());
            Assert.That(first.Output, Does.Contain("Cancelled. Summary so far:").And.Contain("not attempted:"));
            Assert.That(recorded[0], Does.StartWith("{\"context\":"), "the first line says what the results are for");
            Assert.That(recorded.Count(line => line.Contains("\"outcome\"", StringComparison.Ordinal)), Is.EqualTo(3), "the in-flight delete was finished and recorded; none after");
        });

        var second = await CliRun.RunAsync(Delete([.. ids, "--journal", journal]));

        Assert.Multiple(() =>
        {
            Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
            Assert.That(second.Output, Does.Contain("done in earlier run (journal): 3").And.Contain("deleted:            7"));
            Assert.That(second.Error, Does.Contain("3 id(s) already done in an earlier run will be skipped"));
            Assert.That(server.Counters.Deletes, Is.EqualTo(10));
            Assert.That(server.Counters.NotFound, Is.Zero, "no id was sent twice");
            Assert.That(server.RemainingMemoryCount, Is.Zero);
        });
    }

    /// <summary>Lets <c>count</c> responses through, then cancels the run (like Ctrl+C) for the requests after.</summary>
    private sealed class CancelAfterHandler(int count, CancellationTokenSource cts) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int seen;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref seen) == count)
            {
                await cts.CancelAsync();
            }

            return response;
        }
    }
}
