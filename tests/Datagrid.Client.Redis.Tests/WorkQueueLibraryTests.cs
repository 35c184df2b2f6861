using System.Collections.Concurrent;
#if NET
using Datagrid.LocalServer;
#endif
using Datagrid.Redis.Queue;
#if NET
using Microsoft.Extensions.DependencyInjection;
#endif
using StackExchange.Redis;

namespace Datagrid.Client.Redis.Tests;

/// <summary>
/// The work queue as a library (no CLI): registered with DI and run against the local server, the exactly-once
/// bookkeeping per round, and the lease. Lease expiry is Redis's own idle clock (XAUTOCLAIM), so the lease tests use
/// real time with leases of a fraction of a second.
/// </summary>
[NonParallelizable]
public class WorkQueueLibraryTests : RedisFixture
{
    private static readonly Uri Url = new("http://127.0.0.1:9/v1/");

#if NET // The local server is ASP.NET Core, which has no .NET Framework build.
    [Test]
    public async Task RegisteredWithDiTheWorkerDeletesEveryItemOfEveryTeamspace()
    {
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 40, Limit = 1000, Window = TimeSpan.FromSeconds(1) });
        var services = new ServiceCollection();
        services.AddDatagridClient(options =>
        {
            options.BaseUrl = server.BaseUrl;
            options.ApiKey = LocalServerOptions.DefaultApiKey;
            options.AllowInsecureHttp = true;
            options.UseEnvironment = false;
            options.RateLimiting.Window = TimeSpan.FromSeconds(1);
        });
        services.AddDatagridRedisRateLimiting(Redis.Configuration, options => options.KeyPrefix = $"test:{Guid.NewGuid():N}:");
        services.AddDatagridWorkQueue(Redis.Configuration, "di-queue", options =>
        {
            options.ExitWhenEmpty = true;
            options.PollInterval = TimeSpan.FromMilliseconds(100);
        });
        await using var provider = services.BuildServiceProvider();
        var queue = provider.GetRequiredService<DatagridWorkQueue>();
        var items = Enumerable.Range(1, 40).Select(i => new WorkItem(i % 2 == 0 ? "team-a" : "team-b", LocalServerOptions.SeededId(i)));
        var added = await queue.EnqueueAsync(server.BaseUrl, DatagridWorkQueue.KeyFingerprint(LocalServerOptions.DefaultApiKey), items);

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await provider.GetRequiredService<DatagridQueueWorker>().RunAsync(limit.Token);
        var status = await queue.GetStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(added.Added, Is.EqualTo(40));
            Assert.That(result.QueueEmpty, Is.True);
            Assert.That(result.Deleted, Is.EqualTo(40));
            Assert.That(server.RemainingMemoryCount, Is.Zero);
            Assert.That(status.Deleted, Is.EqualTo(40));
            Assert.That(status.Teamspaces.Select(t => t.Teamspace), Is.EquivalentTo(new[] { "team-a", "team-b" }));
            Assert.That(status.Teamspaces.Select(t => t.Limit), Has.All.EqualTo(1000), "workers report the budget the server said");
        });
    }
#endif

    [Test]
    public async Task AnItemOfAWorkerThatStoppedAnsweringIsTakenOverAfterTheLeaseAndRecordedOnce()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var queue = new DatagridWorkQueue(connection, "lease-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.EnqueueAsync(Url, "000000000000", [new WorkItem("t", "m1"), new WorkItem("t", "m2")]);

        // A worker claims both and dies without a word: its delete never returns.
        var hung = new DatagridQueueWorker(queue, (_, ct) => Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => new WorkOutcome { Id = "x", Outcome = WorkOutcomeKind.Deleted }, TaskScheduler.Default),
            new DatagridQueueWorkerOptions { ConsumerName = "dead", Lease = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromMilliseconds(50) });
        using var stopHung = new CancellationTokenSource();
        using var abortHung = new CancellationTokenSource();
        var hungRun = hung.RunAsync(stopHung.Token, abortHung.Token);
        while ((await queue.GetStatusAsync()).InFlight < 2)
        {
            await Task.Delay(20);
        }

        var seen = new ConcurrentBag<string>();
        var taker = new DatagridQueueWorker(queue, (item, _) =>
        {
            seen.Add(item.Id);
            return Task.FromResult(new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Absent, Status = 404 });
        }, new DatagridQueueWorkerOptions { ConsumerName = "taker", Lease = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(50), ExitWhenEmpty = true });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var took = await taker.RunAsync(limit.Token);
        await abortHung.CancelAsync();
        await stopHung.CancelAsync();
        var hungResult = await hungRun;

        var outcomes = new List<WorkOutcome>();
        await foreach (var outcome in queue.ReadOutcomesAsync())
        {
            outcomes.Add(outcome);
        }

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EquivalentTo(new[] { "m1", "m2" }));
            Assert.That(took.Absent, Is.EqualTo(2));
            Assert.That(hungResult.Deleted + hungResult.Absent + hungResult.Failed, Is.Zero);
            Assert.That(outcomes.Select(o => (o.Id, o.Worker)), Is.EquivalentTo(new[] { ("m1", "taker"), ("m2", "taker") }));
        });
    }

    [TestCase(2, TestName = "AnItemAbandonedByMoreWorkersThanMaxDeliveriesAllowsIsFailedOnceAndNotSentAgain")]
    [TestCase(3, TestName = "AnItemAbandonedWithinMaxDeliveriesIsStillTakenOverAndDeleted")]
    public async Task TakeOversAreCappedByMaxDeliveries(int maxDeliveries)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var queue = new DatagridWorkQueue(connection, "poison-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.EnqueueAsync(Url, "000000000000", [new WorkItem("t", "m1")]);
        var lease = TimeSpan.FromMilliseconds(300);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Two workers in turn get the item and die with it (their delete never returns): deliveries 1 and 2.
        foreach (var name in new[] { "dead-1", "dead-2" })
        {
            var claimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var hung = new DatagridQueueWorker(queue, async (_, ct) =>
            {
                claimed.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return new WorkOutcome { Id = "x", Outcome = WorkOutcomeKind.Deleted };
            }, new DatagridQueueWorkerOptions { ConsumerName = name, Lease = lease, PollInterval = TimeSpan.FromMilliseconds(50) });
            using var abort = new CancellationTokenSource();
            var run = hung.RunAsync(abort.Token, abort.Token);
            await claimed.Task.WaitAsync(limit.Token);
            await abort.CancelAsync();
            await run;
        }

        var seen = new ConcurrentQueue<(string Id, int Round)>();
        Task<WorkOutcome> Delete(WorkItem item, CancellationToken _)
        {
            seen.Enqueue((item.Id, item.Round));
            return Task.FromResult(new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Deleted, Status = 204 });
        }

        // The third delivery: beyond a cap of 2, within a cap of 3.
        var options = new DatagridQueueWorkerOptions { ConsumerName = "taker", Lease = lease, PollInterval = TimeSpan.FromMilliseconds(50), ExitWhenEmpty = true, MaxDeliveries = maxDeliveries };
        var took = await new DatagridQueueWorker(queue, Delete, options).RunAsync(limit.Token);
        var status = await queue.GetStatusAsync();
        var outcomes = new List<WorkOutcome>();
        await foreach (var outcome in queue.ReadOutcomesAsync())
        {
            outcomes.Add(outcome);
        }

        if (maxDeliveries == 3)
        {
            Assert.Multiple(() =>
            {
                Assert.That(seen, Is.EqualTo(new[] { ("m1", 1) }));
                Assert.That(took.Deleted, Is.EqualTo(1));
                Assert.That(outcomes.Select(o => (o.Id, o.Outcome, o.Worker)), Is.EqualTo(new[] { ("m1", WorkOutcomeKind.Deleted, "taker") }));
            });
            return;
        }

        // A re-queued item is a new stream entry: its delivery count starts again, so the cap does not fail it at once.
        var requeued = await queue.RequeueFailedAsync();
        var round2 = await new DatagridQueueWorker(queue, Delete, options).RunAsync(limit.Token);
        var after = await queue.GetStatusAsync();
        var all = new List<WorkOutcome>();
        await foreach (var outcome in queue.ReadOutcomesAsync())
        {
            all.Add(outcome);
        }

        Assert.Multiple(() =>
        {
            Assert.That(took.Failed, Is.EqualTo(1));
            Assert.That(status.Failed, Is.EqualTo(1));
            Assert.That(status.InFlight, Is.Zero, "the failed item is acknowledged");
            Assert.That(outcomes, Has.Count.EqualTo(1), "recorded exactly once");
            Assert.That(outcomes[0].Outcome, Is.EqualTo(WorkOutcomeKind.Failed));
            Assert.That(outcomes[0].Reason, Does.Contain("abandoned by 2 workers without an outcome").And.Contain("requeue-failed"));
            Assert.That(requeued, Is.EqualTo(1));
            Assert.That(round2.Deleted, Is.EqualTo(1));
            Assert.That(seen, Is.EqualTo(new[] { ("m1", 2) }), "not sent in round 1 beyond the cap; sent once in round 2");
            Assert.That(after.Deleted, Is.EqualTo(1));
            Assert.That(after.Failed, Is.Zero);
            Assert.That(all.Select(o => (o.Round, o.Outcome)), Is.EqualTo(new[] { (1, WorkOutcomeKind.Failed), (2, WorkOutcomeKind.Deleted) }));
        });
    }

    [Test]
    public void MaxDeliveriesBelowOneIsRefused()
    {
        using var connection = ConnectionMultiplexer.Connect(Redis.Configuration);
        var queue = new DatagridWorkQueue(connection, "cap-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.That(
            () => new DatagridQueueWorker(queue, (item, _) => Task.FromResult(new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Deleted }), new DatagridQueueWorkerOptions { MaxDeliveries = 0 }),
            Throws.ArgumentException.With.Message.Contains("MaxDeliveries must be at least 1"));
    }

    [Test]
    public async Task AbandonedItemsBehindManyLiveOnesInThePendingListAreFound()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var queue = new DatagridWorkQueue(connection, "deep-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.EnqueueAsync(Url, "000000000000", Enumerable.Range(1, 50).Select(i => new WorkItem("t", $"m{i}")));
        var db = connection.GetDatabase();
        var stream = queue.StreamKey("t");
        var live = await db.StreamReadGroupAsync(stream, "workers", "live", ">", 40);
        await db.StreamReadGroupAsync(stream, "workers", "dead", ">", 2);
        var lease = TimeSpan.FromSeconds(1);
        await Task.Delay(lease + TimeSpan.FromMilliseconds(200));

        // The live worker renews its 40; XAUTOCLAIM with COUNT 1 looks at about 10 per call, so the dead worker's two are
        // found only by following the cursor.
        await db.StreamClaimIdsOnlyAsync(stream, "workers", "live", 0, [.. live.Select(e => e.Id)]);
        var seen = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var taker = new DatagridQueueWorker(queue, (item, _) =>
        {
            seen.Enqueue(item.Id);
            if (seen.Count >= 2)
            {
                stop.Cancel();
            }

            return Task.FromResult(new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Absent });
        }, new DatagridQueueWorkerOptions { ConsumerName = "taker", Concurrency = 1, Lease = lease, PollInterval = TimeSpan.FromMilliseconds(50) });
        await taker.RunAsync(stop.Token);

        Assert.That(seen.Take(2), Is.EquivalentTo(new[] { "m41", "m42" }));
    }

    [Test]
    public async Task ALeaseIsRenewedWhileTheDeleteIsInFlight()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var queue = new DatagridWorkQueue(connection, "renew-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.EnqueueAsync(Url, "000000000000", [new WorkItem(null, "slow")]);
        var lease = TimeSpan.FromMilliseconds(300);
        using var release = new SemaphoreSlim(0);
        var slow = new DatagridQueueWorker(queue, async (item, ct) =>
        {
            await release.WaitAsync(ct);
            return new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Deleted, Status = 204 };
        }, new DatagridQueueWorkerOptions { ConsumerName = "slow", Lease = lease, PollInterval = TimeSpan.FromMilliseconds(50), ExitWhenEmpty = true });
        var other = new DatagridQueueWorker(queue, (item, _) => Task.FromResult(new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Absent }),
            new DatagridQueueWorkerOptions { ConsumerName = "other", Lease = lease, PollInterval = TimeSpan.FromMilliseconds(50), ExitWhenEmpty = true });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var slowRun = slow.RunAsync(limit.Token);
        while ((await queue.GetStatusAsync()).InFlight < 1)
        {
            await Task.Delay(20);
        }

        var otherRun = other.RunAsync(limit.Token);

        // Four leases pass while the request is in flight; the renewals keep the item with its worker.
        await Task.Delay(TimeSpan.FromTicks(lease.Ticks * 4)); // Not lease * 4: on .NET Framework both libraries' TimeSpan operator polyfills are in view (ambiguous).
        release.Release();
        var results = await Task.WhenAll(slowRun, otherRun);
        Assert.Multiple(() =>
        {
            Assert.That(results[0].Deleted, Is.EqualTo(1));
            Assert.That(results[1].Absent + results[1].Deleted + results[1].Duplicates, Is.Zero, "the other worker never got it");
        });
    }

    [Test]
    public async Task EachRoundRecordsAnItemOnceAndRequeueStartsTheNext()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var queue = new DatagridWorkQueue(connection, "rounds-" + Guid.NewGuid().ToString("N")[..8]);
        var first = await queue.EnqueueAsync(Url, "000000000000", [new WorkItem("t", "a"), new WorkItem("t", "b"), new WorkItem("t", "a")]);
        var calls = 0;
        Task<WorkOutcome> FailThenDelete(WorkItem item, CancellationToken _) => Task.FromResult(Interlocked.Increment(ref calls) <= 2
            ? new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Failed, Status = 500, Reason = "HTTP 500" }
            : new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Deleted, Status = 204 });
        var options = new DatagridQueueWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50), ExitWhenEmpty = true };
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await new DatagridQueueWorker(queue, FailThenDelete, options).RunAsync(limit.Token);
        var afterRound1 = await queue.GetStatusAsync();
        var again = await queue.EnqueueAsync(Url, "000000000000", [new WorkItem("t", "a")]);
        var requeued = await queue.RequeueFailedAsync();
        await new DatagridQueueWorker(queue, FailThenDelete, options).RunAsync(limit.Token);
        var afterRound2 = await queue.GetStatusAsync();
        var outcomes = new List<WorkOutcome>();
        await foreach (var outcome in queue.ReadOutcomesAsync())
        {
            outcomes.Add(outcome);
        }

        Assert.Multiple(() =>
        {
            Assert.That(first.Added, Is.EqualTo(2), "the repeated row is added once");
            Assert.That(afterRound1.Failed, Is.EqualTo(2));
            Assert.That(again, Is.EqualTo(new EnqueueResult(0, 0, 0, 1)), "a failed item is reported, not added again");
            Assert.That(requeued, Is.EqualTo(2));
            Assert.That(afterRound2.Deleted, Is.EqualTo(2));
            Assert.That(afterRound2.Failed, Is.Zero);
            Assert.That(afterRound2.Info.Rounds, Is.EqualTo(2));
            Assert.That(outcomes.Select(o => (o.Id, o.Round, o.Outcome)), Is.EquivalentTo(new[]
            {
                ("a", 1, WorkOutcomeKind.Failed), ("b", 1, WorkOutcomeKind.Failed), ("a", 2, WorkOutcomeKind.Deleted), ("b", 2, WorkOutcomeKind.Deleted),
            }));
        });
    }

    [Test]
    public void UnsafeNamesAndOtherKeysAreRefused()
    {
        using var connection = ConnectionMultiplexer.Connect(Redis.Configuration);
        Assert.Multiple(() =>
        {
            Assert.That(() => new DatagridWorkQueue(connection, "a b"), Throws.ArgumentException.With.Message.Contains("not safe as a Redis key"));
            Assert.That(() => new DatagridWorkQueue(connection, "x}y"), Throws.ArgumentException);
            Assert.That(DatagridWorkQueue.KeyFingerprint("secret"), Is.EqualTo("2bb80d537b1d"));
        });
        var queue = new DatagridWorkQueue(connection, "tied-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.That(async () => await queue.VerifyAsync(Url, "aaaaaaaaaaaa"), Throws.TypeOf<WorkQueueException>().With.Message.Contains("enqueue ids first"));
        Assert.That(async () => await queue.EnqueueAsync(Url, "aaaaaaaaaaaa", [new WorkItem(null, "m")]), Throws.Nothing);
        Assert.That(async () => await queue.VerifyAsync(Url, "bbbbbbbbbbbb"), Throws.TypeOf<WorkQueueException>().With.Message.Contains("fingerprint aaaaaaaaaaaa"));
    }
}
