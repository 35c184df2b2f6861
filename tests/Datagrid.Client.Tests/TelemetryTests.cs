using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Datagrid.RateLimiting;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>The metrics and log lines a retry or a throttle wait produces.</summary>
public class TelemetryTests
{
    private TestClock _clock = null!;
    private MockHttpMessageHandler _handler = null!;
    private MeterListener _listener = null!;
    private ConcurrentDictionary<string, long> _counters = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new TestClock();
        _handler = new MockHttpMessageHandler();
        _counters = new ConcurrentDictionary<string, long>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Datagrid.Client")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counters.AddOrUpdate(instrument.Name, value, (_, old) => old + value));
        _listener.Start();
    }

    [TearDown]
    public void TearDown()
    {
        _listener.Dispose();
        _handler.Dispose();
    }

    [Test]
    public async Task RetriesAnd429sAreCounted()
    {
        var script = new ResponseScript().Then(() => Responses.TooMany(("Retry-After", "1"))).Then(() => Responses.Status(503)).Then(() => Responses.NoContent());
        _handler.When("*").Respond(script.Next);
        using var client = TestClients.Create(_handler, _clock);

        var call = client.DeleteUserMemoryAsync("mem_1");
        _clock.Advance(await _clock.NextDelayAsync());
        _clock.Advance(await _clock.NextDelayAsync());
        await call;

        Assert.That(_counters.GetValueOrDefault("datagrid.client.retries"), Is.EqualTo(2));
        Assert.That(_counters.GetValueOrDefault("datagrid.client.rate_limited"), Is.EqualTo(1));
        Assert.That(_counters.GetValueOrDefault("datagrid.client.attempts"), Is.EqualTo(3));
    }

    [Test]
    public async Task ThrottleWaitsAreCounted()
    {
        _handler.When("*").Respond(_ => Responses.NoContent(limit: 1, remaining: 0));
        using var client = TestClients.Create(_handler, _clock, o =>
        {
            o.RateLimiting.Enabled = true;
            o.RateLimiting.PermitLimit = 1;
            o.RateLimiting.Window = TimeSpan.FromSeconds(1);
        });

        await client.DeleteUserMemoryAsync("mem_1");
        var second = client.DeleteUserMemoryAsync("mem_2");
        await Eventually.That(() => _counters.GetValueOrDefault("datagrid.client.throttle_waits") == 1);
        Assert.That(await _clock.NextWakeUpAsync(), Is.EqualTo(TimeSpan.FromSeconds(1)), "the first call's slot frees a window later");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await second;

        Assert.That(_counters.GetValueOrDefault("datagrid.client.throttle_waits"), Is.EqualTo(1));
    }

    [Test]
    public async Task EachRetryIsLoggedWithItsReasonAndNeverTheApiKey()
    {
        var script = new ResponseScript().Then(() => Responses.TooMany(("Retry-After", "2"))).Then(() => Responses.NoContent());
        _handler.When("*").Respond(script.Next);
        using var logs = new ListLoggerFactory();
        using var client = TestClients.Create(_handler, _clock, o => o.Diagnostics.LoggerFactory = logs);

        var call = client.DeleteUserMemoryAsync("mem_1");
        _clock.Advance(await _clock.NextDelayAsync());
        await call;

        var retry = logs.Lines.Single(l => l.Contains("retrying", StringComparison.Ordinal));
        Assert.That(retry, Does.Contain("DELETE user-memories/{user_memory_id}").And.Contain("(429)").And.Contain("2000 ms"));
        Assert.That(logs.Categories, Is.All.EqualTo("Datagrid.Client"));
        Assert.That(logs.Lines, Has.None.Contain(TestClients.ApiKey));
    }

    [Test]
    public void NotWaitingForALongRetryAfterIsLogged()
    {
        _handler.When("*").Respond(_ => Responses.TooMany(("Retry-After", "3600")));
        using var logs = new ListLoggerFactory();
        using var client = TestClients.Create(_handler, _clock, o => o.Diagnostics.LoggerFactory = logs);

        Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("mem_1"));

        Assert.That(logs.Lines, Has.One.Contain("longer than MaxRetryAfter"));
    }

    [Test]
    public async Task ALimiterThatAnswersOnlyAsynchronouslyIsCountedAsAWaitOnlyWhenItWaited()
    {
        // Like the Redis limiter: AttemptAcquire never answers, AcquireAsync says whether the call had to queue.
        _handler.When("*").Respond(_ => Responses.NoContent());
        using var limiter = new AsynchronousOnlyLimiter();
        using var logs = new ListLoggerFactory();
        using var client = TestClients.Create(_handler, _clock, o =>
        {
            o.RateLimiting.Enabled = true;
            o.RateLimiting.Limiter = limiter;
            o.Diagnostics.LoggerFactory = logs;
        });

        await client.DeleteUserMemoryAsync("mem_1");
        await client.DeleteUserMemoryAsync("mem_2");
        Assert.That(_counters.GetValueOrDefault("datagrid.client.throttle_waits"), Is.Zero, "granted at once: a round trip, not a wait");
        Assert.That(logs.Lines, Has.None.Contain("waited"));

        limiter.NextWaited = true;
        await client.DeleteUserMemoryAsync("mem_3");

        Assert.That(_counters.GetValueOrDefault("datagrid.client.throttle_waits"), Is.EqualTo(1));
        Assert.That(logs.Lines, Has.One.Contain("waited"));
        Assert.That(limiter.Acquired, Is.EqualTo(3));
    }

    /// <summary>Refuses AttemptAcquire with <see cref="DatagridRateLimitMetadata.AnswersAsynchronously"/>; grants every AcquireAsync.</summary>
    private sealed class AsynchronousOnlyLimiter : PartitionedRateLimiter<HttpRequestMessage>
    {
        public bool NextWaited { get; set; }

        public int Acquired { get; private set; }

        public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => null;

        protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount) => new Lease(false, null);

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken)
        {
            await Task.Yield(); // a round trip to a store
            Acquired++;
            return new Lease(true, NextWaited);
        }

        private sealed class Lease(bool acquired, bool? waited) : RateLimitLease
        {
            public override bool IsAcquired => acquired;

            public override IEnumerable<string> MetadataNames => [acquired ? DatagridRateLimitMetadata.Waited.Name : DatagridRateLimitMetadata.AnswersAsynchronously.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = !acquired && metadataName == DatagridRateLimitMetadata.AnswersAsynchronously.Name ? true
                    : acquired && metadataName == DatagridRateLimitMetadata.Waited.Name ? waited
                    : null;
                return metadata is not null;
            }
        }
    }

    /// <summary>Collects formatted log lines.</summary>
    private sealed class ListLoggerFactory : ILoggerFactory, ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<string> Categories { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName)
        {
            Categories.Enqueue(categoryName);
            return new ListLogger(Lines);
        }

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
