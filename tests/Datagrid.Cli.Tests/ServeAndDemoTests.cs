using Datagrid.LocalServer;

namespace Datagrid.Cli.Tests;

public class ServeAndDemoTests
{
    [Test]
    public async Task ServeRunsTheServerUntilCancelled()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LocalDatagridServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = CliRun.RunAsync(["serve", "--port", "0", "--limit", "5", "--window", "10", "--seed", "3"], cancellationToken: stop.Token,
            configure: app => app.ServerStarted = s => started.TrySetResult(s));

        var server = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using (var client = new MemoryClient(new DatagridClientOptions { BaseUrl = server.BaseUrl, ApiKey = LocalServerOptions.DefaultApiKey, UseEnvironment = false }))
        {
            await client.DeleteUserMemoryAsync(LocalServerOptions.SeededId(3));
        }

        await stop.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Output, Does.Contain("Local Datagrid server listening on http://127.0.0.1:"));
            Assert.That(result.Output, Does.Contain("limit 5 requests per 10 s sliding window"));
            Assert.That(result.Output, Does.Contain("3 memories: mem_000001 ... mem_000003"));
            Assert.That(result.Output, Does.Contain("Stopped. requests=1 deletes=1"));
        });
    }

    [Test]
    public async Task ServeExplainsABadSetting()
    {
        var run = await CliRun.RunAsync(["serve", "--port", "0", "--limit", "0"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("Limit must be at least 1"));
        });
    }

    [Test]
    public async Task APortInUseIsExplainedInOneSentenceWithoutDoublePeriods()
    {
        await using var taken = await LocalDatagridServer.StartAsync(new LocalServerOptions());
        var run = await CliRun.RunAsync(["serve", "--port", taken.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("Pick another --port").And.Not.Contain(".."));
        });
    }

    [TestCase("serve", "0")]
    [TestCase("demo", "-1")]
    [TestCase("demo", "NaN")]
    public async Task ExplainsABadWindow(string command, string window)
    {
        string[] args = command == "serve" ? ["serve", "--port", "0", "--window", window] : ["demo", "--window", window];
        var run = await CliRun.RunAsync(args);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("--window must be a number of seconds above 0"));
        });
    }

    [Test]
    public async Task DemoDeletesEverySeededMemoryAndReportsTheFigures()
    {
        // Loose enough that no retry is needed; the throttled demo is exercised by the next test.
        var run = await CliRun.RunAsync(["demo", "--count", "30", "--limit", "100", "--window", "1"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain("Deleting 30 memories with 8 concurrent calls"));
            Assert.That(run.Output, Does.Contain("deleted:            30"));
            Assert.That(run.Output, Does.Contain("requests sent:      30 (0 answered 429 Too Many Requests)"));
            Assert.That(run.Output, Does.Contain("elapsed vs minimum:").And.Contain("(the rate limit allows 0.0 s at best)"));
            Assert.That(run.Output, Does.Contain("Server side: 30 deleted, 0 requests refused with 429, 0 memories left."));
        });
    }

    [Test]
    public async Task ThrottledDemoStillDeletesEverything()
    {
        // 12 deletes under 5 per 0.5 s: at least 1 s, with 429s on the way (one short real run).
        var run = await CliRun.RunAsync(["demo", "--count", "12", "--limit", "5", "--window", "0.5", "--concurrency", "4"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain("deleted:            12"));
            Assert.That(run.Output, Does.Contain("(the rate limit allows 1.0 s at best)"));
            Assert.That(run.Output, Does.Contain("0 memories left"));
        });
    }
}
