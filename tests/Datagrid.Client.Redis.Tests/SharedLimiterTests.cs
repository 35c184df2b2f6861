using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Datagrid.RateLimiting;
using Datagrid.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using StackExchange.Redis;

namespace Datagrid.Client.Redis.Tests;

/// <summary>Two limiters standing for two processes (each its own Redis connection) pace against one log in a real Redis.</summary>
[NonParallelizable]
public class SharedLimiterTests : RedisFixture
{
    private const string ApiKey = "dg_live_secret_key_0123456789";
    private readonly List<IDisposable> _disposables = [];

    [TearDown]
    public void DisposeLimiters()
    {
        _disposables.ForEach(d => d.Dispose());
        _disposables.Clear();
    }

    [Test]
    public async Task TwoProcessesShareOneWindow()
    {
        var prefix = Prefix();
        var a = Limiter(prefix, limit: 3);
        var b = Limiter(prefix, limit: 3);

        (await a.AcquireAsync(Request())).Dispose();
        (await b.AcquireAsync(Request())).Dispose();
        using var third = await a.AcquireAsync(Request());

        using var refused = await b.TryAcquireOnceAsync(Request());
        Assert.That(refused.IsAcquired, Is.False, "three slots used between the two, in one window");
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out _), Is.True, "the oldest slot frees a window after its response");
    }

    [Test]
    public async Task TheLimitLearnedByOneIsUsedByAll()
    {
        var prefix = Prefix();
        var a = Limiter(prefix);
        var b = Limiter(prefix);

        var probe = (DatagridRateLimitLease)await a.AcquireAsync(Request());
        probe.Observe(204, new RateLimitInfo(2, 1, DateTimeOffset.UtcNow.AddSeconds(30), null), null);
        probe.Dispose();

        using var second = await b.AcquireAsync(Request());
        using var refused = await b.TryAcquireOnceAsync(Request());
        Assert.That(second.IsAcquired, Is.True);
        Assert.That(refused.IsAcquired, Is.False, "limit 2 learned by the other process");
    }

    [Test]
    public async Task A429BlocksThePartitionForEveryone()
    {
        var prefix = Prefix();
        var a = Limiter(prefix, limit: 100);
        var b = Limiter(prefix, limit: 100);
        (await b.AcquireAsync(Request())).Dispose();

        var lease = (DatagridRateLimitLease)await a.AcquireAsync(Request());
        lease.Observe(429, new RateLimitInfo(100, 0, null, TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(30));
        lease.Dispose();
        await EventuallyAsync(async () =>
        {
            using var attempt = await b.TryAcquireOnceAsync(Request());
            return !attempt.IsAcquired;
        });

        using var refused = await b.TryAcquireOnceAsync(Request());
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait), Is.True);
        Assert.That((TimeSpan)wait!, Is.GreaterThan(TimeSpan.FromSeconds(25)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task TheApiKeyIsNeverStored()
    {
        var prefix = Prefix();
        var a = Limiter(prefix, limit: 5);
        var lease = (DatagridRateLimitLease)await a.AcquireAsync(Request());
        lease.Observe(204, new RateLimitInfo(5, 4, DateTimeOffset.UtcNow.AddSeconds(10), null), null);
        lease.Dispose();

        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var server = connection.GetServer(Redis.Configuration);
        var keys = server.Keys(pattern: prefix + "*").Select(k => k.ToString()).ToList();
        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys, Has.None.Contains(ApiKey).And.None.Contains("secret"));
        foreach (var key in keys)
        {
            var db = connection.GetDatabase();
            var contents = await db.KeyTypeAsync(key) switch
            {
                RedisType.SortedSet => string.Join(" ", (await db.SortedSetRangeByRankAsync(key)).Select(v => v.ToString())),
                RedisType.Hash => string.Join(" ", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
                _ => string.Empty,
            };
            Assert.That(contents, Does.Not.Contain("secret"));
        }
    }

    [Test]
    public async Task UnreachableRedisFallsBackToTheLocalLimiterWithAWarningAndAMetric()
    {
        var log = new ListLogger();
        var fallbacks = CountFallbacks();
        var limiter = new RedisRateLimiter(new RedisRateLimiterOptions { Configuration = $"127.0.0.1:{FreeClosedPort()}" }, ClientOptions(5, TimeSpan.FromSeconds(30)), log.Factory());
        _disposables.Add(limiter);

        using var lease = await limiter.AcquireAsync(Request()).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(lease.IsAcquired, Is.True, "the call goes on, paced locally");
        Assert.That(limiter.UsingRedis, Is.False);
        Assert.That(log.Lines, Has.Some.Matches<(LogLevel Level, string Message)>(l => l.Level == LogLevel.Warning && l.Message.Contains("local limiter", StringComparison.Ordinal)));
        Assert.That(fallbacks.Value, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task AFallbackPermitIsAWaitOnlyWhenTheLocalLimiterMadeTheCallWait()
    {
        var time = new TestClock(DateTimeOffset.UtcNow);
        var limiter = new RedisRateLimiter(new RedisRateLimiterOptions { Configuration = $"127.0.0.1:{FreeClosedPort()}" }, ClientOptions(1, TimeSpan.FromSeconds(30)), timeProvider: time);
        _disposables.Add(limiter);

        var first = await limiter.AcquireAsync(Request()).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var second = limiter.AcquireAsync(Request()).AsTask();
        first.Dispose(); // its slot frees a window later
        Assert.That(await time.NextWakeUpAsync(), Is.EqualTo(TimeSpan.FromSeconds(30)), "the local limiter wakes the second call a window after the first's response");
        time.Advance(TimeSpan.FromSeconds(30));
        using var waited = await second.WaitAsync(TestClock.Patience);

        Assert.That(limiter.UsingRedis, Is.False);
        Assert.That(first.TryGetMetadata(DatagridRateLimitMetadata.Waited, out var firstWaited) && firstWaited, Is.False, "a free local slot: no wait");
        Assert.That(waited.IsAcquired, Is.True);
        Assert.That(waited.TryGetMetadata(DatagridRateLimitMetadata.Waited, out var secondWaited) && secondWaited, Is.True);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ARedisThatStopsAnsweringIsGivenUpAfterTheTimeoutAndUsedAgainWhenItAnswers(CancellationToken cancel)
    {
        var timeout = TimeSpan.FromSeconds(2);
        var probeEvery = TimeSpan.FromSeconds(5);
        var time = new TimerWatchingClock(DateTimeOffset.UtcNow);

        // StackExchange.Redis's own (real-time) timeout far away: only the limiter's timeout, on the fake clock, may fire.
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration + ",asyncTimeout=60000,syncTimeout=60000");
        var prefix = Prefix();
        var limiter = new RedisRateLimiter(
            new RedisRateLimiterOptions { Connection = connection, KeyPrefix = prefix, OperationTimeout = timeout, RetryRedisAfter = probeEvery },
            ClientOptions(1000, TimeSpan.FromSeconds(30)),
            timeProvider: time);
        _disposables.Add(limiter);
        (await limiter.AcquireAsync(Request(), cancellationToken: cancel)).Dispose();
        Assert.That(limiter.UsingRedis, Is.True);

        Redis.Pause();
        try
        {
            var timeoutArmed = time.Armed(timeout);
            var stalled = limiter.AcquireAsync(Request(), cancellationToken: cancel).AsTask();
            await timeoutArmed.WaitAsync(cancel);
            Assert.That(stalled.IsCompleted, Is.False, "the call waits on the silent Redis");
            var probeArmed = time.Armed(probeEvery);
            time.Advance(timeout);
            using (var fallback = await stalled.WaitAsync(cancel))
            {
                Assert.That(fallback.IsAcquired, Is.True, "given up after OperationTimeout: the permit is the local limiter's");
            }

            Assert.That(limiter.UsingRedis, Is.False);

            // While Redis is out nobody waits on it again: the next call is served at once, with the clock standing still.
            using (var next = await limiter.AcquireAsync(Request(), cancellationToken: cancel).AsTask().WaitAsync(cancel))
            {
                Assert.That(next.IsAcquired, Is.True);
            }

            await probeArmed.WaitAsync(cancel);
        }
        finally
        {
            Redis.Resume();
        }

        time.Advance(probeEvery); // the background probe asks Redis, which answers now
        await EventuallyAsync(() => limiter.UsingRedis);
        var partition = RedisPartition.For(Request(), prefix);
        using var back = await limiter.AcquireAsync(Request(), cancellationToken: cancel);
        Assert.That(await connection.GetDatabase().SortedSetLengthAsync(partition.InFlight), Is.EqualTo(1), "the permit after the probe is Redis's again");
    }

    [Test]
    public async Task RedisLostMidRunFallsBackAndIsUsedAgainWhenBack()
    {
        var log = new ListLogger();
        var limiter = new RedisRateLimiter(
            new RedisRateLimiterOptions { Configuration = Redis.Configuration + ",connectRetry=1", KeyPrefix = Prefix(), RetryRedisAfter = TimeSpan.FromMilliseconds(100) }, ClientOptions(1000, TimeSpan.FromSeconds(30)),
            log.Factory());
        _disposables.Add(limiter);
        (await limiter.AcquireAsync(Request())).Dispose();
        Assert.That(limiter.UsingRedis, Is.True);

        Redis.Kill();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                using var lease = await limiter.AcquireAsync(Request()).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
                Assert.That(lease.IsAcquired, Is.True, "no call is lost or hangs while Redis is down");
            }

            Assert.That(limiter.UsingRedis, Is.False);
        }
        finally
        {
            Redis.Start();
        }

        await EventuallyAsync(async () =>
        {
            using var lease = await limiter.AcquireAsync(Request()).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            return limiter.UsingRedis;
        });
        Assert.That(log.Lines, Has.Some.Matches<(LogLevel Level, string Message)>(l => l.Message.Contains("Redis is back", StringComparison.Ordinal)));
    }

    [Test]
    public async Task OneScriptCallGrantsAsManySlotsAsAreFreeAndSaysWhenTheNextFrees()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var db = connection.GetDatabase();
        var partition = RedisPartition.For(Request(), Prefix());
        Task<long[]> Run(params RedisValue[] args) => RunScriptAsync(db, partition, args);

        var first = await Run("acquire", 120_000, 3, "a", "b");
        await Run("release", "a"); // answered: its slot stays taken for a window (30 s)
        var second = await Run("acquire", 120_000, 3, "c", "d", "e");

        Assert.That(first[0], Is.EqualTo(2), "both slots free are granted in one call");
        Assert.That(second[0], Is.EqualTo(1), "limit 3: one in flight, one in the log, one granted");
        Assert.That(second[2], Is.InRange(29_000, 30_000), "the next slot frees when the logged one leaves the window");
        Assert.That(await db.SortedSetLengthAsync(partition.InFlight), Is.EqualTo(2));
    }

    [Test]
    public async Task ASlotThatLeftTheLogAfterAGrantIsNotBookedAsOthersTraffic()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var db = connection.GetDatabase();
        var partition = RedisPartition.For(Request(), Prefix());
        Task<long[]> Run(params RedisValue[] args) => RunScriptAsync(db, partition, args);

        await Run("acquire", 120_000, 3, "x");
        await Run("release", "x"); // x answered: in the log for a window
        var granted = await Run("acquire", 120_000, 3, "a");
        await db.SortedSetAddAsync(partition.Log, "x", 1); // x's window ends before a's answer is observed
        await Run("acquire", 120_000, 3, "b");
        await Run("release", "b");
        // The server counted x, b and a: three used, none of them someone else's.
        await Run("observe", 204, 3, 0, -1, -1, 60_000, "a", granted[1]);

        var log = (await db.SortedSetRangeByRankAsync(partition.Log)).Select(v => v.ToString()).ToList();
        Assert.That(log, Has.None.StartsWith("u:"), "no slot booked for traffic nobody else sent");
    }

    [Test]
    public async Task AttemptAcquireNeverBlocksOnRedis()
    {
        var limiter = Limiter(Prefix(), limit: 5);
        (await limiter.AcquireAsync(Request())).Dispose(); // connected
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration + ",allowAdmin=true");
        var before = await ScriptCallsAsync(connection);

        using var lease = limiter.AttemptAcquire(Request());

        Assert.That(lease.IsAcquired, Is.False, "the answer comes from AcquireAsync");
        Assert.That(lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason), Is.True);
        Assert.That(reason, Does.Contain("Redis"));
        Assert.That(await ScriptCallsAsync(connection) - before, Is.Zero, "no synchronous round trip");
    }

    [Test]
    public async Task WaitingCallsOfAProcessAreServedByOneRedisCallWhenSlotsFree()
    {
        var prefix = Prefix();
        var other = Limiter(prefix, limit: 3);
        var time = new TestClock(DateTimeOffset.UtcNow);
        var limiter = new RedisRateLimiter(new RedisRateLimiterOptions { Configuration = Redis.Configuration, KeyPrefix = prefix }, ClientOptions(3, TimeSpan.FromSeconds(30)), timeProvider: time);
        _disposables.Add(limiter);
        var held = new List<RateLimitLease>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await other.AcquireAsync(Request())); // another process has every slot in flight
        }

        var waiting = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(Request()).AsTask()).ToList();
        await EventuallyAsync(() => limiter.Waiting(Request()) == 3);
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration + ",allowAdmin=true");
        var partition = RedisPartition.For(Request(), prefix);
        await connection.GetDatabase().KeyDeleteAsync([partition.InFlight, partition.Log]); // their window is over
        var before = await ScriptCallsAsync(connection);

        Assert.That(await time.NextDelayAsync(), Is.EqualTo(TimeSpan.FromMilliseconds(50)), "the process polls while every slot is in flight");
        time.Advance(TimeSpan.FromMilliseconds(50)); // the one poll of the process
        var leases = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(leases.Select(l => l.IsAcquired), Is.All.True);
        Assert.That(await ScriptCallsAsync(connection) - before, Is.EqualTo(1), "three waiters, one round trip");
        held.ForEach(l => l.Dispose());
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Test]
    public async Task ACallCancelledWhileWaitingGivesUpItsPlace()
    {
        var prefix = Prefix();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limiter = Limiter(prefix, limit: 1, time);
        using var held = await limiter.AcquireAsync(Request());
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(Request(), cancellationToken: cancel.Token).AsTask();
        await EventuallyAsync(() => limiter.Waiting(Request()) == 1);
        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(limiter.Waiting(Request()), Is.Zero);
    }

    [Test]
    public async Task AGrantAtOnceIsNotAWaitButAQueuedOneIs()
    {
        var prefix = Prefix();
        var time = new TestClock(DateTimeOffset.UtcNow);
        var limiter = Limiter(prefix, limit: 1, time);

        using var asked = limiter.AttemptAcquire(Request());
        using var first = await limiter.AcquireAsync(Request());
        var second = limiter.AcquireAsync(Request()).AsTask();
        await EventuallyAsync(() => limiter.Waiting(Request()) == 1);
        using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var partition = RedisPartition.For(Request(), prefix);
        await connection.GetDatabase().KeyDeleteAsync([partition.InFlight, partition.Log]); // the first slot's window is over
        Assert.That(await time.NextDelayAsync(), Is.EqualTo(TimeSpan.FromMilliseconds(50)), "the queued call polls while the slot is in flight");
        time.Advance(TimeSpan.FromMilliseconds(50)); // the queued call's next poll
        using var queued = await second.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(asked.TryGetMetadata(DatagridRateLimitMetadata.AnswersAsynchronously, out var later) && later, Is.True, "AttemptAcquire refused nothing");
        Assert.That(first.TryGetMetadata(DatagridRateLimitMetadata.Waited, out var firstWaited) && firstWaited, Is.False, "granted by the first script call");
        Assert.That(queued.IsAcquired, Is.True);
        Assert.That(queued.TryGetMetadata(DatagridRateLimitMetadata.Waited, out var queuedWaited) && queuedWaited, Is.True);
    }

    [Test]
    public async Task TheClientCountsAndLogsOnlyRealWaitsInRedisMode()
    {
        var prefix = Prefix();
        var limiter = Limiter(prefix, limit: 5);
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(System.Net.HttpStatusCode.NoContent);
        var logs = new ListLogger();
        using var loggerFactory = logs.Factory();
        var waits = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Datagrid.Client" && instrument.Name == "datagrid.client.throttle_waits")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref waits, value));
        listener.Start();
        using var client = new MemoryClient(handler.ToHttpClient(), new DatagridClientOptions
        {
            ApiKey = ApiKey,
            BaseUrl = new Uri("http://127.0.0.1/v1/"),
            UseEnvironment = false,
            RateLimiting = { Limiter = limiter },
            Diagnostics = { LoggerFactory = loggerFactory },
        });

        for (var i = 0; i < 3; i++)
        {
            await client.DeleteUserMemoryAsync($"mem_{i}");
        }

        Assert.That(limiter.UsingRedis, Is.True);
        Assert.That(Interlocked.Read(ref waits), Is.Zero, "three requests, each granted at once by Redis");
        Assert.That(logs.Lines.Select(l => l.Message), Has.None.Contain("waited"));
    }

    private static string Prefix() => $"test:{Guid.NewGuid():N}:";

    private static HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "http://127.0.0.1/v1/user-memories/mem_1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        request.Headers.TryAddWithoutValidation("Datagrid-Teamspace", "ts_1");
        return request;
    }

    private RedisRateLimiter Limiter(string prefix, int? limit = null, TimeProvider? time = null)
    {
        var limiter = new RedisRateLimiter(new RedisRateLimiterOptions { Configuration = Redis.Configuration, KeyPrefix = prefix }, ClientOptions(limit, TimeSpan.FromSeconds(30)), timeProvider: time);
        _disposables.Add(limiter);
        return limiter;
    }

    // Script calls Redis has run so far (EVAL and EVALSHA), from INFO commandstats.
    private async Task<long> ScriptCallsAsync(ConnectionMultiplexer connection)
    {
        var info = await connection.GetServer(Redis.Configuration).InfoAsync("commandstats");
        return info.SelectMany(g => g)
            .Where(e => e.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(e => long.Parse(e.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int FreeClosedPort()
    {
        // Stop, not using: TcpListener is not IDisposable on .NET Framework.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private StrongBox CountFallbacks()
    {
        var box = new StrongBox();
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Datagrid.Client.Redis")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref box.Count, value));
        listener.Start();
        _disposables.Add(listener);
        return box;
    }

    private static Task EventuallyAsync(Func<bool> condition) => EventuallyAsync(() => Task.FromResult(condition()));

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached within 30 s");
            }

            await Task.Delay(100);
        }
    }

    private sealed class StrongBox
    {
        public long Count;

        public long Value => Interlocked.Read(ref Count);
    }

    /// <summary>One call of the limiter's script through its typed client (window 30 s, in-flight timeout 300 s): its step name, then its arguments.</summary>
    private static async Task<long[]> RunScriptAsync(IDatabase db, RedisPartition partition, RedisValue[] args)
    {
        var script = new SlidingWindowScriptClient(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(10), TimeProvider.System);
        switch ((string?)args[0])
        {
            case "acquire":
                var result = await script.AcquireAsync(db, partition, (int)args[2], [.. args.Skip(3).Select(a => (string)a!)]);
                return [result.Granted, result.Expired, result.NextFreeMs ?? -1];
            case "release":
                await script.ReleaseAsync(db, partition, (string)args[1]!, CommandFlags.None);
                return [1, 0];
            default: // observe: status, limit, remaining, reset ms, block ms, max wait ms, member, expired at grant
                var info = new RateLimitInfo(
                    (long)args[2] < 0 ? null : (int)args[2],
                    (long)args[3] < 0 ? null : (int)args[3],
                    (long)args[4] < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)args[4]),
                    null);
                TimeSpan? block = (long)args[5] < 0 ? null : TimeSpan.FromMilliseconds((long)args[5]);
                await script.ObserveAsync(db, partition, (string)args[7]!, (long)args[8], (int)args[1], info, block, TimeSpan.FromMilliseconds((long)args[6]), CommandFlags.None);
                return [1, 0];
        }
    }

    /// <summary>The client's rate-limit options the Redis limiter takes its window and assumed limit from.</summary>
    private static DatagridClientOptions ClientOptions(int? limit, TimeSpan window)
    {
        var options = new DatagridClientOptions();
        options.RateLimiting.PermitLimit = limit;
        options.RateLimiting.Window = window;
        return options;
    }
}
