using System.Text.Json;
using Datagrid.LocalServer;
using Microsoft.AspNetCore.Http;

namespace Datagrid.Cli.Tests;

/// <summary>
/// `datagrid user-memories delete` never reports a delete that did not happen: a wrong URL, a wrong teamspace, an
/// invisible character in an id, a redirect or an unreachable host stop the run or refuse it, and say why.
/// </summary>
public class TrustTests
{
    private LocalDatagridServer server = null!;

    [SetUp]
    public async Task StartServerAsync() =>
        server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 30 });

    [TearDown]
    public async Task StopServerAsync() => await server.DisposeAsync();

    private static string Id(int i) => LocalServerOptions.SeededId(i);

    private static string[] Delete(Uri baseUrl, params string[] rest) =>
        ["user-memories", "delete", "--base-url", baseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey, "--max-retries", "0", .. rest];

    [Test]
    public async Task ABaseUrlWithoutV1StopsTheRunAndTheJournalRecordsNothingAsDone()
    {
        using var dir = new TempDir();
        var journal = dir.File("j.jsonl");
        var root = new Uri(server.BaseUrl.GetLeftPart(UriPartial.Authority));

        var run = await CliRun.RunAsync(Delete(root, [Id(1), Id(2), Id(3), "--journal", journal, "--concurrency", "1"]));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Output, Does.Contain("already absent:     0").And.Contain("not the Datagrid API's not-found answer").And.Contain("/v1"));
            Assert.That(run.Output, Does.Contain("Fix what stopped the run").And.Not.Contain("Run the same command again"));
            Assert.That(File.ReadAllLines(journal).Count(l => l.Contains("\"absent\"", StringComparison.Ordinal) || l.Contains("\"deleted\"", StringComparison.Ordinal)), Is.Zero);
            Assert.That(server.RemainingMemoryCount, Is.EqualTo(30));
        });

        // The re-run with the right URL and the same journal (it holds only failures) deletes them all.
        var right = await CliRun.RunAsync(Delete(server.BaseUrl, [Id(1), Id(2), Id(3), "--journal", journal]));
        Assert.Multiple(() =>
        {
            Assert.That(right.ExitCode, Is.EqualTo(0), right.ToString());
            Assert.That(right.Output, Does.Contain("deleted:            3"));
            Assert.That(server.RemainingMemoryIds, Does.Not.Contain(Id(1)).And.Not.Contain(Id(2)).And.Not.Contain(Id(3)));
        });
    }

    [Test]
    public async Task WhenTheFirstIdsAreAllAbsentTheRunStopsUnlessAbsenceIsExpected()
    {
        var missing = Enumerable.Range(1, 15).Select(i => $"gone_{i}").ToArray();

        var stopped = await CliRun.RunAsync(Delete(server.BaseUrl, [.. missing, "--concurrency", "1"]));
        var expected = await CliRun.RunAsync(Delete(server.BaseUrl, [.. missing, "--expect-absent"]));

        Assert.Multiple(() =>
        {
            Assert.That(stopped.ExitCode, Is.EqualTo(1), stopped.ToString());
            Assert.That(stopped.Output, Does.Contain("the first 10 result(s) of this run were all 'already absent'").And.Contain("--expect-absent").And.Contain("not attempted:      5"));
            Assert.That(expected.ExitCode, Is.EqualTo(0), expected.ToString());
            Assert.That(expected.Output, Does.Contain("already absent:     15"));
        });
    }

    [Test]
    public async Task AbsentIdsAmongDeletedOnesDoNotStopTheRun()
    {
        var run = await CliRun.RunAsync(Delete(server.BaseUrl, [Id(1), "gone_1", "gone_2", Id(2), "--concurrency", "1"]));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task AJournalRefusesToBeResumedUnderAnotherTeamspaceUrlOrKey()
    {
        using var dir = new TempDir();
        var journal = dir.File("j.jsonl");
        var first = await CliRun.RunAsync(Delete(server.BaseUrl, [Id(1), "--journal", journal, "--teamspace", "team-a"]));
        var requests = server.Counters.Requests;

        var otherTeam = await CliRun.RunAsync(Delete(server.BaseUrl, [Id(1), Id(2), "--journal", journal, "--teamspace", "team-b"]));
        var otherKey = await CliRun.RunAsync(
            ["user-memories", "delete", Id(2), "--base-url", server.BaseUrl.ToString(), "--api-key", "another-key", "--journal", journal, "--teamspace", "team-a"]);
        var content = File.ReadAllText(journal);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
            Assert.That(otherTeam.ExitCode, Is.EqualTo(2), otherTeam.ToString());
            Assert.That(otherTeam.Error, Does.Contain("teamspace team-a (now team-b)").And.Contain("new --journal"));
            Assert.That(otherKey.ExitCode, Is.EqualTo(2), otherKey.ToString());
            Assert.That(otherKey.Error, Does.Contain("API key with fingerprint"));
            Assert.That(server.Counters.Requests, Is.EqualTo(requests), "nothing was sent under the other settings");
            Assert.That(content, Does.Contain(server.BaseUrl.AbsoluteUri).And.Contain("team-a").And.Not.Contain(LocalServerOptions.DefaultApiKey));
        });
    }

    [Test]
    public async Task AByteOrderMarkOnStandardInputIsDropped()
    {
        var run = await CliRun.RunAsync(Delete(server.BaseUrl, "--ids-file", "-"), stdin: $"\uFEFF{Id(1)}\n{Id(2)}\n");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain("deleted:            2"));
        });
    }

    [TestCase("\u200B", "zero-width space")]
    [TestCase("\u00A0", "U+00A0")]
    [TestCase("\u2028", "separator")]
    [TestCase("\u200E", "direction mark")]
    public async Task AnIdWithAnInvisibleCharacterIsRefusedBeforeAnythingIsSent(string invisible, string named)
    {
        var run = await CliRun.RunAsync(Delete(server.BaseUrl, "--ids-file", "-"), stdin: $"{Id(1)}\n{Id(2)}{invisible}\n");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("standard input line 2").And.Contain(named));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task ARedirectStopsTheRunAndNothingReachesTheOtherServer()
    {
        await using var elsewhere = await MisbehavingServer.StartAsync(context => { context.Response.StatusCode = 204; return Task.CompletedTask; });
        await using var redirecting = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.StatusCode = 308;
            context.Response.Headers.Location = new Uri(elsewhere.BaseUrl, "v1/user-memories/x").AbsoluteUri;
            return Task.CompletedTask;
        });

        var run = await CliRun.RunAsync(Delete(redirecting.BaseUrl, "a", "b", "c", "--concurrency", "1"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Output, Does.Contain("deleted:            0").And.Contain("redirected").And.Contain("not attempted:      2"));
            Assert.That(elsewhere.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task AnUnreachableHostStopsTheRunAfterTheFirstId()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var run = await CliRun.RunAsync(Delete(new Uri("http://127.0.0.1:1/v1"), "a", "b", "c", "d", "--concurrency", "1"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Output, Does.Contain("unreachable").And.Contain("not attempted:      3").And.Not.Match(@"[^.]\.\.([^.]|$)"), "no double periods");
        });
    }

    [Test]
    public async Task AfterARefusedKeyTheSummaryDoesNotSayToRunTheSameCommandAgain()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", Id(1), Id(2), "--base-url", server.BaseUrl.ToString(), "--api-key", "wrong", "--concurrency", "1"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Output, Does.Not.Contain("Run the same command again").And.Contain("Fix what stopped the run"));
        });
    }

    [Test]
    public async Task TheKeyCanComeFromAFileOrStandardInput()
    {
        using var dir = new TempDir();
        var keyFile = dir.File("key.txt");
        await File.WriteAllTextAsync(keyFile, $"\uFEFF{LocalServerOptions.DefaultApiKey}\r\n");

        var fromFile = await CliRun.RunAsync(["user-memories", "delete", Id(1), "--base-url", server.BaseUrl.ToString(), "--api-key-file", keyFile]);
        var fromStdin = await CliRun.RunAsync(["user-memories", "delete", Id(2), "--base-url", server.BaseUrl.ToString(), "--api-key-stdin"],
            stdin: LocalServerOptions.DefaultApiKey + "\n");
        var both = await CliRun.RunAsync(["user-memories", "delete", Id(3), "--base-url", server.BaseUrl.ToString(), "--api-key-stdin", "--ids-file", "-"]);
        var empty = await CliRun.RunAsync(["user-memories", "delete", Id(3), "--base-url", server.BaseUrl.ToString(), "--api-key-stdin"], stdin: "\n");

        Assert.Multiple(() =>
        {
            Assert.That(fromFile.ExitCode, Is.EqualTo(0), fromFile.ToString());
            Assert.That(fromStdin.ExitCode, Is.EqualTo(0), fromStdin.ToString());
            Assert.That(both.ExitCode, Is.EqualTo(2), both.ToString());
            Assert.That(both.Error, Does.Contain("both read standard input"));
            Assert.That(empty.ExitCode, Is.EqualTo(2), empty.ToString());
            Assert.That(server.RemainingMemoryIds, Does.Not.Contain(Id(1)).And.Not.Contain(Id(2)).And.Contain(Id(3)));
        });
    }

    [Test]
    public async Task HelpWarnsThatApiKeyIsVisibleInPs()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", "--help"]);
        Assert.That(run.Output, Does.Contain("--api-key-file").And.Contain("--api-key-stdin").And.Contain("'ps'"));
    }

    [Test]
    public async Task CustomHeadersFromTheEnvironmentAreSent()
    {
        await using var capture = await MisbehavingServer.StartAsync(context => { context.Response.StatusCode = 204; return Task.CompletedTask; });
        var env = new Dictionary<string, string>
        {
            ["DATAGRID_BASE_URL"] = capture.BaseUrl.ToString(),
            ["DATAGRID_API_KEY"] = "k",
            ["DATAGRID_TEAMSPACE_ID"] = "team-env",
            ["DATAGRID_CUSTOM_HEADERS"] = "X-Purge-Ticket: T-42\nX-Operator: ops",
        };

        var run = await CliRun.RunAsync(["user-memories", "delete", "m1"], env);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            var headers = capture.RequestHeaders.Single();
            Assert.That(headers["X-Purge-Ticket"].ToString(), Is.EqualTo("T-42"));
            Assert.That(headers["X-Operator"].ToString(), Is.EqualTo("ops"));
            Assert.That(headers["Datagrid-Teamspace"].ToString(), Is.EqualTo("team-env"));
        });
    }

    [Test]
    public async Task PlainHttpToAnotherHostIsRefusedNamingTheFlag()
    {
        var run = await CliRun.RunAsync(["user-memories", "delete", "m1", "--api-key", "k", "--base-url", "http://datagrid.example/v1"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("--allow-insecure-http").And.Not.Contain("AllowInsecureHttp"));
        });
    }

    [TestCase("--timeout", "0")]
    [TestCase("--timeout", "-1")]
    [TestCase("--rate-limit-window", "0")]
    [TestCase("--rate-limit-window", "100000")]
    public async Task DurationsOutOfRangeAreBadUsage(string option, string value)
    {
        var run = await CliRun.RunAsync(Delete(server.BaseUrl, Id(1), option, value));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain($"{option} must be a number of seconds above 0 and at most one day"));
            Assert.That(server.Counters.Requests, Is.Zero);
        });
    }

    [Test]
    public async Task TimeoutBoundsAnAttemptWhoseServerNeverAnswers()
    {
        using var release = new CancellationTokenSource();
        await using var stalled = await MisbehavingServer.StartAsync(async context =>
        {
            // Never answers until the test ends.
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var run = await CliRun.RunAsync(Delete(stalled.BaseUrl, "m1", "--timeout", "0.5", "--json"));
        await release.CancelAsync();
        using var json = JsonDocument.Parse(run.Output);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(json.RootElement.GetProperty("failed")[0].GetProperty("reason").GetString(), Does.Contain("within 0.5 s"));
            Assert.That(json.RootElement.GetProperty("failed")[0].GetProperty("reason").GetString(), Does.Contain("--timeout").And.Not.Contain("DatagridClientOptions"));
        });
    }

    [Test]
    public async Task AnUnknownCommandIsNamedWithTheCommandsThereAre()
    {
        var unknown = await CliRun.RunAsync(["user-memories", "purge"]);
        var none = await CliRun.RunAsync([]);

        Assert.Multiple(() =>
        {
            Assert.That(unknown.ExitCode, Is.EqualTo(2));
            Assert.That(unknown.Error, Does.Contain("Unknown command 'purge'").And.Contain("delete").And.Not.Contain("Required command was not provided"));
            Assert.That(none.ExitCode, Is.EqualTo(2));
            Assert.That(none.Error, Does.Contain("needs a command").And.Contain("user-memories").And.Contain("serve").And.Contain("demo"));
        });
    }
}
