using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>
/// The client-side limiter counts HTTP requests, not calls, even under AddStandardResilienceHandler: the registration
/// puts the limiter's handler innermost, so every retry the resilience pipeline makes takes its own permit.
/// </summary>
public class ResilienceRateLimitTests
{
    private const int Limit = 2;

    [Test]
    public async Task RetriesOfTheResilienceHandlerEachTakeAPermit_TheServerNeverSeesMoreThanTheLimit()
    {
        // The limiter runs on a fake clock that the test moves; the resilience pipeline retries at once on real time.
        var clock = new TestClock();
        var server = new LimitedServer(clock);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Delete, "*").Respond(_ => server.Answer());
        var services = new ServiceCollection();
        services.AddDatagridClient(o =>
            {
                o.ApiKey = TestServices.ApiKey;
                o.BaseUrl = new Uri(TestServices.BaseUrl);
                o.UseEnvironment = false;
                o.TimeProvider = clock;
                o.Retry.MaxRetries = 0;
                o.RateLimiting.PermitLimit = Limit;
                o.RateLimiting.Window = TimeSpan.FromSeconds(60);
            })
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.Delay = TimeSpan.Zero;
                o.Retry.BackoffType = DelayBackoffType.Constant;
                o.Retry.UseJitter = false;

                // Its own timeouts run on real time: keep them out of the way of a request parked at the limiter.
                o.AttemptTimeout.Timeout = TimeSpan.FromMinutes(2);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(10);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(5);
            });
        services.AddHttpClient(DatagridServiceCollectionExtensions.HttpClientName).WithMock(mock);
        await using var provider = services.BuildServiceProvider();
        using var waits = new ThrottleWaitCounter();

        // One call; the server answers 503 every time, so the resilience handler wants 4 requests at once.
        var call = provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_1");

        await Until(() => waits.Count >= 1, "the third request to wait for the limiter");
        Assert.That(server.Requests, Is.EqualTo(Limit), "two requests in the first window; the third waits for a permit");
        Assert.That(call.IsCompleted, Is.False);

        // The wait counter ticks just before the request joins the limiter's queue, so the clock moves only once the
        // limiter has set its wake-up, and then exactly to it: the server's per-window count below proves it held.
        for (var wakeUps = 0; wakeUps < 10 && await clock.NextWakeUpAsync(() => call.IsCompleted) is { } wake; wakeUps++)
        {
            clock.Advance(wake);
        }

        var ex = Assert.ThrowsAsync<DatagridServerException>(() => call);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(503));
            Assert.That(server.Requests, Is.EqualTo(4), "1 + the standard handler's 3 retries");
            Assert.That(server.MaxInAnyWindow, Is.LessThanOrEqualTo(Limit));
        });
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestClock.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"Timed out waiting for {what}.");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Answers 503 with the limit header, recording when each request arrived on the fake clock.</summary>
    private sealed class LimitedServer(TimeProvider clock)
    {
        private readonly List<DateTimeOffset> _arrivals = [];

        public int Requests
        {
            get
            {
                lock (_arrivals)
                {
                    return _arrivals.Count;
                }
            }
        }

        public int MaxInAnyWindow
        {
            get
            {
                lock (_arrivals)
                {
                    return _arrivals.Max(start => _arrivals.Count(t => t >= start && t < start + TimeSpan.FromSeconds(60)));
                }
            }
        }

        public HttpResponseMessage Answer()
        {
            lock (_arrivals)
            {
                _arrivals.Add(clock.GetUtcNow());
            }

            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.TryAddWithoutValidation("X-RateLimit-Limit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
    }

    /// <summary>Counts datagrid.client.throttle_waits: a request is parked at the limiter.</summary>
    private sealed class ThrottleWaitCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ThrottleWaitCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Datagrid.Client" && instrument.Name == "datagrid.client.throttle_waits")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
