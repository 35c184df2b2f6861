using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Datagrid.Client.Redis.Tests;
using Datagrid.LocalServer;
using Datagrid.Redis.Queue;
using StackExchange.Redis;

namespace Datagrid.Cli.Tests;

/// <summary>
/// The shared work queue end to end: `datagrid user-memories enqueue/work/status/report/requeue-failed` as child
/// processes against a real redis-server and the real local server (Kestrel), with workers killed, Redis killed and
/// restarted, and a refused key. Windows are short (1 s) and the lease 2 s so that each test takes seconds.
/// </summary>
[NonParallelizable]
public class WorkQueueTests
{
    private const string Key = LocalServerOptions.DefaultApiKey;

    private RedisServer redis = null!;

    [OneTimeSetUp]
    public void StartRedis()
    {
        redis = new RedisServer();
        redis.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => redis.Dispose();

    [Test]
    public async Task ThreeWorkersOneKilledAndReplacedDeleteEveryIdOnceAndTakeOverTheKilledWorkersItems()
    {
        const int count = 600;
        await using var server = await StartServerAsync(count, limit: 60);
        using var dir = new TempDir();
        var ids = WriteCsv(dir, count);
        var queue = "purge-kill";

        var enqueued = await CliRun.RunAsync(["user-memories", "enqueue", "--redis", redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(), "--api-key", Key, "--ids-file", ids]);
        Assert.That(enqueued.ExitCode, Is.Zero, enqueued.ToString());
        Assert.That(enqueued.Output, Does.Contain("added 600 item(s)"));

        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var work = new DatagridWorkQueue(connection, queue);
        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(server, queue)).ToList();
        try
        {
            var victim = workers[0];
            var victimName = ConsumerName(victim);
            await WaitUntilAsync(async () => await work.GetStatusAsync() is { Deleted: >= 150 } status && status.InFlightPerWorker.GetValueOrDefault(victimName) > 0, TimeSpan.FromSeconds(60));
            victim.Signal(9);
            await victim.ExitCodeAsync(TimeSpan.FromSeconds(10));
            var held = new List<string>();
            foreach (var teamspace in new[] { "team-a", "team-b" })
            {
                var pending = await connection.GetDatabase().StreamPendingMessagesAsync($"datagrid:queue:{{{queue}}}:s:{teamspace}", "workers", 100, victimName);
                foreach (var message in pending)
                {
                    var entry = await connection.GetDatabase().StreamRangeAsync($"datagrid:queue:{{{queue}}}:s:{teamspace}", message.MessageId, message.MessageId);
                    held.Add(teamspace + "/" + entry[0]["i"]);
                }
            }

            workers.Add(StartWorker(server, queue));
            foreach (var worker in workers.Skip(1))
            {
                Assert.That(await worker.ExitCodeAsync(TimeSpan.FromSeconds(90)), Is.Zero, worker.ToString());
            }

            var status = await work.GetStatusAsync();
            var outcomes = await ReadAllAsync(work);
            var byItem = outcomes.GroupBy(o => o.Teamspace + "/" + o.Id).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Multiple(() =>
            {
                Assert.That(server.RemainingMemoryCount, Is.Zero, "every memory is gone from the server");
                Assert.That(status.Deleted + status.Absent, Is.EqualTo(count));
                Assert.That(status.Failed, Is.Zero);
                Assert.That(status.Queued + status.InFlight, Is.Zero);
                Assert.That(outcomes, Has.Count.EqualTo(count), "each item recorded once");
                Assert.That(byItem, Has.Count.EqualTo(count));
                Assert.That(held, Is.Not.Empty, "the killed worker held items when it died");
                Assert.That(held.Select(h => byItem[h].Single().Worker), Has.None.EqualTo(victimName), "its items were taken over by the others after the lease");
                Assert.That(outcomes.Count(o => o.Outcome == WorkOutcomeKind.Absent), Is.LessThanOrEqualTo(held.Count), "only a delete the dead worker sent may come back absent");
            });
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Test]
    public async Task RedisKilledAndRestartedMidRunWithTheAppendOnlyFileLosesNothing()
    {
        const int count = 300;
        using var dir = new TempDir();
        using var durable = new RedisServer(dir.Path);
        durable.Start();
        await using var server = await StartServerAsync(count, limit: 50);
        var ids = WriteCsv(dir, count);
        var queue = "purge-restart";
        var enqueued = await CliRun.RunAsync(["user-memories", "enqueue", "--redis", durable.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(), "--api-key", Key, "--ids-file", ids]);
        Assert.That(enqueued.ExitCode, Is.Zero, enqueued.ToString());

        var options = ConfigurationOptions.Parse(durable.Configuration);
        options.AbortOnConnectFail = false;
        using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var work = new DatagridWorkQueue(connection, queue);
        var workers = Enumerable.Range(0, 2).Select(_ => StartWorker(server, queue, durable.Configuration)).ToList();
        try
        {
            await WaitUntilAsync(async () => (await work.GetStatusAsync()).Deleted >= 60, TimeSpan.FromSeconds(60));
            durable.Kill();
            await Task.Delay(300);
            durable.Start();
            foreach (var worker in workers)
            {
                Assert.That(await worker.ExitCodeAsync(TimeSpan.FromSeconds(90)), Is.Zero, worker.ToString());
            }

            var status = await work.GetStatusAsync();
            var outcomes = await ReadAllAsync(work);
            Assert.Multiple(() =>
            {
                Assert.That(server.RemainingMemoryCount, Is.Zero, "every memory is gone from the server");
                Assert.That(status.Deleted + status.Absent, Is.EqualTo(count), "no outcome lost");
                Assert.That(status.Queued + status.InFlight + status.Failed, Is.Zero);
                Assert.That(outcomes, Has.Count.EqualTo(count), "each item recorded once");
                Assert.That(outcomes.Select(o => o.Teamspace + "/" + o.Id).Distinct().Count(), Is.EqualTo(count));
            });
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Test]
    public async Task AWorkerWithARefusedKeyFailsItsItemsWith401AndStopsThenRequeueStartsARound()
    {
        const int count = 100;
        await using var server = await StartServerAsync(count, limit: 1000);
        using var dir = new TempDir();
        var ids = WriteCsv(dir, count);
        var queue = "purge-wrong-key";
        var enqueued = await CliRun.RunAsync(["user-memories", "enqueue", "--redis", redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(), "--api-key", "not-the-key", "--ids-file", ids]);
        Assert.That(enqueued.ExitCode, Is.Zero, enqueued.ToString());

        var clock = Stopwatch.StartNew();
        using var worker = StartWorker(server, queue, key: "not-the-key");
        var exit = await worker.ExitCodeAsync(TimeSpan.FromSeconds(60));
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var work = new DatagridWorkQueue(connection, queue);
        var status = await work.GetStatusAsync();
        var outcomes = await ReadAllAsync(work);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), worker.ToString());
            Assert.That(worker.Output, Does.Contain("401"));
            Assert.That(status.Failed, Is.InRange(1, 24), "only the items it held (8 per teamspace) and at most one claim under way when the first 401 came back");
            Assert.That(status.Queued, Is.GreaterThan(0), "the rest stays queued");
            Assert.That(server.Counters.Unauthorized, Is.EqualTo(status.Failed), "no spinning: one request per failed item, no retry");
            Assert.That(outcomes.Select(o => o.Reason), Has.All.Contain("401"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        });

        var requeued = await CliRun.RunAsync(["user-memories", "requeue-failed", "--redis", redis.Configuration, "--queue", queue]);
        var report = dir.File("report.csv");
        var exported = await CliRun.RunAsync(["user-memories", "report", "--redis", redis.Configuration, "--queue", queue, "--report", report, "--report-format", "csv"]);
        var json = await CliRun.RunAsync(["user-memories", "status", "--redis", redis.Configuration, "--queue", queue, "--json"]);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Multiple(() =>
        {
            Assert.That(requeued.Output, Does.Contain($"{status.Failed} failed item(s) re-queued"), requeued.ToString());
            Assert.That(exported.ExitCode, Is.Zero, exported.ToString());
            Assert.That(File.ReadAllLines(report), Has.Length.EqualTo(1 + status.Failed), "the first round's outcomes stay in the report");
            Assert.That(document.RootElement.GetProperty("failed_count").GetInt64(), Is.Zero);
            Assert.That(document.RootElement.GetProperty("queued").GetInt64(), Is.EqualTo(count));
            Assert.That(document.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(count));
            Assert.That(document.RootElement.GetProperty("in_flight").GetInt64(), Is.Zero);
            Assert.That(document.RootElement.GetProperty("rounds").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task SigtermStopsClaimingFinishesAndAcknowledgesTheItemsInFlightAndExits143()
    {
        const int count = 40;
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedCount = count,
            Limit = 1000,
            Window = TimeSpan.FromSeconds(1),
            Faults = new FaultOptions { AddedLatency = TimeSpan.FromMilliseconds(400) },
        });
        using var dir = new TempDir();
        var queue = "purge-sigterm";
        var enqueued = await CliRun.RunAsync(["user-memories", "enqueue", "--redis", redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(), "--api-key", Key, "--ids-file", WriteCsv(dir, count)]);
        Assert.That(enqueued.ExitCode, Is.Zero, enqueued.ToString());
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var work = new DatagridWorkQueue(connection, queue);

        using var worker = CliProcess.Start("user-memories", "work", "--redis", redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(),
            "--api-key", Key, "--concurrency", "2", "--rate-limit", "1000", "--rate-limit-window", "1", "--poll-interval", "0.2");
        await WaitUntilAsync(async () => (await work.GetStatusAsync()) is { InFlight: > 0, Deleted: > 0 }, TimeSpan.FromSeconds(60));
        worker.Signal(CliProcess.SigTerm);
        var exit = await worker.ExitCodeAsync(TimeSpan.FromSeconds(30));
        var status = await work.GetStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(143), worker.ToString());
            Assert.That(worker.Output, Does.Contain("Terminated (SIGTERM)"));
            Assert.That(status.InFlight, Is.Zero, "what was in flight was finished and acknowledged");
            Assert.That(status.Queued, Is.GreaterThan(0), "no new claims after the signal");
            Assert.That(status.Deleted + status.Absent + status.Queued, Is.EqualTo(count));
            Assert.That(count - server.RemainingMemoryCount, Is.EqualTo(status.Deleted), "every delete the server did is recorded");
        });
    }

    [Test]
    public async Task StatusWatchPrintsAJsonLineEveryIntervalUntilStopped()
    {
        var queue = "purge-watch";
        var created = await CliRun.RunAsync(["user-memories", "enqueue", "--redis", redis.Configuration, "--queue", queue, "--base-url", "http://127.0.0.1:9/v1", "--api-key", Key, "--teamspace", "team-a", "mem_1", "mem_2"]);
        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var watched = await CliRun.RunAsync(["user-memories", "status", "--redis", redis.Configuration, "--queue", queue, "--json", "--watch", "--interval", "0.4"], cancellationToken: stop.Token);
        var lines = watched.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(watched.ExitCode, Is.Zero, watched.ToString());
            Assert.That(lines, Has.Length.GreaterThanOrEqualTo(2));
            Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("queued").GetInt64()), Has.All.EqualTo(2));
        });
    }

    [Test]
    public async Task ReEnqueueingAddsNothingTwiceAndDoneIdsAreReportedAsSuch()
    {
        await using var server = await StartServerAsync(3, limit: 1000);
        var queue = "purge-again";
        string[] Enqueue(params string[] ids) => ["user-memories", "enqueue", "--redis", redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(), "--api-key", Key, "--teamspace", "team-a", .. ids];
        var first = await CliRun.RunAsync(Enqueue(LocalServerOptions.SeededId(1), LocalServerOptions.SeededId(2), LocalServerOptions.SeededId(2)));
        var again = await CliRun.RunAsync(Enqueue(LocalServerOptions.SeededId(1), LocalServerOptions.SeededId(2), LocalServerOptions.SeededId(3)));
        var worked = await CliRun.RunAsync(["user-memories", "work", "--redis", redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(), "--api-key", Key, "--exit-when-empty", "--poll-interval", "0.1", "--rate-limit", "100"]);
        var third = await CliRun.RunAsync(Enqueue(LocalServerOptions.SeededId(1), LocalServerOptions.SeededId(2), LocalServerOptions.SeededId(3)));
        Assert.Multiple(() =>
        {
            Assert.That(first.Output, Does.Contain("added 2 item(s)"), first.ToString());
            Assert.That(first.Output, Does.Contain("repeated in the input:       1"));
            Assert.That(again.Output, Does.Contain("added 1 item(s)"), again.ToString());
            Assert.That(again.Output, Does.Contain("already queued or in flight: 2"));
            Assert.That(worked.ExitCode, Is.Zero, worked.ToString());
            Assert.That(worked.Output, Does.Contain("The queue is empty"));
            Assert.That(third.Output, Does.Contain("added 0 item(s)"));
            Assert.That(third.Output, Does.Contain("already done:                3"));
            Assert.That(server.RemainingMemoryCount, Is.Zero);
        });
    }

    [Test]
    public async Task BadInputAndFaultsAreRefusedWithWhatToDo()
    {
        var url = "http://127.0.0.1:9/v1";
        using var dir = new TempDir();
        var bad = dir.File("bad.csv");
        await File.WriteAllLinesAsync(bad, ["teamspace,user_memory_id", "team-a,mem_1", "team-a,../x", "team-b"]);
        string[] Enqueue(string queue, string key, params string[] rest) => ["user-memories", "enqueue", "--redis", redis.Configuration, "--queue", queue, "--base-url", url, "--api-key", key, .. rest];

        var invalid = await CliRun.RunAsync(Enqueue("purge-bad", Key, "--ids-file", bad));
        var afterInvalid = await CliRun.RunAsync(["user-memories", "status", "--redis", redis.Configuration, "--queue", "purge-bad"]);
        var unsafeName = await CliRun.RunAsync(Enqueue("bad name}", Key, "mem_1"));
        var unknown = await CliRun.RunAsync(["user-memories", "work", "--redis", redis.Configuration, "--queue", "never-made", "--base-url", url, "--api-key", Key]);
        var created = await CliRun.RunAsync(Enqueue("purge-tied", Key, "mem_1"));
        var otherKey = await CliRun.RunAsync(["user-memories", "work", "--redis", redis.Configuration, "--queue", "purge-tied", "--base-url", url, "--api-key", "another-key"]);
        var otherUrl = await CliRun.RunAsync(["user-memories", "work", "--redis", redis.Configuration, "--queue", "purge-tied", "--base-url", "http://127.0.0.1:10/v1", "--api-key", Key]);
        var noDeliveries = await CliRun.RunAsync(["user-memories", "work", "--redis", redis.Configuration, "--queue", "purge-tied", "--base-url", url, "--api-key", Key, "--max-deliveries", "0"]);
        var otherKeyEnqueue = await CliRun.RunAsync(Enqueue("purge-tied", "another-key", "mem_2"));
        var noRedis = await CliRun.RunAsync(["user-memories", "status", "--redis", $"127.0.0.1:{ClosedPort()}", "--queue", "purge-tied"]);
        var missingRedis = await CliRun.RunAsync(["user-memories", "status", "--queue", "purge-tied"]);
        var keyStored = await (await ConnectionMultiplexer.ConnectAsync(redis.Configuration)).GetDatabase().HashGetAllAsync("datagrid:queue:{purge-tied}:meta");

        Assert.Multiple(() =>
        {
            Assert.That(invalid.ExitCode, Is.EqualTo(2), invalid.ToString());
            Assert.That(invalid.Error, Does.Contain("line 3").And.Contain("line 4"));
            Assert.That(invalid.Error, Does.Contain("Nothing was added"));
            Assert.That(afterInvalid.ExitCode, Is.EqualTo(2), "the queue was not even created");
            Assert.That(afterInvalid.Error, Does.Contain("There is no queue 'purge-bad'"));
            Assert.That(unsafeName.ExitCode, Is.EqualTo(2));
            Assert.That(unsafeName.Error, Does.Contain("not safe as a Redis key"));
            Assert.That(unknown.ExitCode, Is.EqualTo(2));
            Assert.That(unknown.Error, Does.Contain("enqueue ids first"));
            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            Assert.That(otherKey.ExitCode, Is.EqualTo(2));
            Assert.That(otherKey.Error, Does.Contain("an API key with fingerprint").And.Contain("Use the same base URL and key"));
            Assert.That(otherUrl.Error, Does.Contain("base URL http://127.0.0.1:9/v1/"));
            Assert.That(noDeliveries.ExitCode, Is.EqualTo(2), noDeliveries.ToString());
            Assert.That(noDeliveries.Error, Does.Contain("--max-deliveries must be at least 1"));
            Assert.That(otherKeyEnqueue.ExitCode, Is.EqualTo(2));
            Assert.That(noRedis.ExitCode, Is.EqualTo(4));
            Assert.That(noRedis.Error, Does.Contain("cannot be reached").And.Contain("nothing was done"));
            Assert.That(missingRedis.ExitCode, Is.EqualTo(2));
            Assert.That(missingRedis.Error, Does.Contain("DATAGRID_REDIS"));
            Assert.That(keyStored.Select(f => f.Value.ToString()), Has.None.Contain(Key), "only the key's fingerprint is stored");
            Assert.That(keyStored.Single(f => f.Name == "key_sha256").Value.ToString(), Does.Match("^[0-9a-f]{12}$"));
        });
    }

    private static async Task<LocalDatagridServer> StartServerAsync(int count, int limit) =>
        await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedCount = count,
            Limit = limit,
            Window = TimeSpan.FromSeconds(1),
            Faults = new FaultOptions { AddedLatency = TimeSpan.FromMilliseconds(20) },
        });

    /// <summary>Half the ids in team-a, half in team-b.</summary>
    private static string WriteCsv(TempDir dir, int count)
    {
        var path = dir.File("ids.csv");
        File.WriteAllLines(path, ["teamspace,user_memory_id", .. Enumerable.Range(1, count).Select(i => $"{(i <= count / 2 ? "team-a" : "team-b")},{LocalServerOptions.SeededId(i)}")]);
        return path;
    }

    private CliProcess StartWorker(LocalDatagridServer server, string queue, string? redisConfiguration = null, string key = Key) =>
        CliProcess.Start("user-memories", "work", "--redis", redisConfiguration ?? redis.Configuration, "--queue", queue, "--base-url", server.BaseUrl.ToString(),
            "--api-key", key, "--exit-when-empty", "--lease", "2", "--rate-limit-window", "1", "--poll-interval", "0.2");

    private static string ConsumerName(CliProcess worker)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Regex.Match(worker.Error, @"Worker (\S+) joined") is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            Thread.Sleep(20);
        }

        Assert.Fail("the worker did not say its name: " + worker);
        return null!;
    }

    private static async Task<List<WorkOutcome>> ReadAllAsync(DatagridWorkQueue queue)
    {
        var all = new List<WorkOutcome>();
        await foreach (var outcome in queue.ReadOutcomesAsync())
        {
            all.Add(outcome);
        }

        return all;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (RedisException)
            {
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"not reached within {limit.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
