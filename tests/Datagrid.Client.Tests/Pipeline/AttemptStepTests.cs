using System.Net;
using System.Text;
using Datagrid.Http;
using Datagrid.Http.Policies;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests.Pipeline;

public class AttemptStepTests
{
    [Test]
    public async Task AnErrorBodyIsReadAndParsedOnce_AndLeftBufferedForTheErrorMapping()
    {
        var (step, _) = Step();
        using var request = PolicyHarness.Request();
        var content = new CountingContent("{\"message\":\"slow down\",\"retryable\":true}");

        using var response = await PolicyHarness.Run(step, request, (_, _) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = content }));

        var body = PolicyHarness.Call(request).ErrorBody!;
        Assert.Multiple(async () =>
        {
            Assert.That(body.Message, Is.EqualTo("slow down"));
            Assert.That(body.Retryable, Is.True);
            Assert.That(content.Reads, Is.EqualTo(1));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("slow down"), "the bytes stay readable");
        });
    }

    [Test]
    public void ATransportFailureBecomesAConnectionException()
    {
        var (step, _) = Step();
        using var request = PolicyHarness.Request();
        PolicyHarness.Call(request).Attempts = 2;

        var ex = Assert.ThrowsAsync<DatagridConnectionException>(async () =>
            await PolicyHarness.Run(step, request, (_, _) => throw new HttpRequestException("refused")));

        Assert.That(ex!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task HeadersThatDoNotArriveWithinTheTimeoutAreATimeoutException()
    {
        var (step, time) = Step();
        using var request = PolicyHarness.Request();
        var started = new TaskCompletionSource();

        var send = PolicyHarness.Run(step, request, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }).AsTask();
        await started.Task;
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.ThrowsAsync<DatagridTimeoutException>(() => send);
    }

    [Test]
    public async Task ThePipelinePublishesTheRateLimitHeaders()
    {
        var (step, _) = Step();
        using var request = PolicyHarness.Request();
        using var capture = RateLimitCapture.Begin();

        using var response = await PolicyHarness.Run(step, request, (_, _) =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.NoContent);
            answer.Headers.TryAddWithoutValidation("X-RateLimit-Limit", "200");
            answer.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "199");
            return Task.FromResult(answer);
        });

        Assert.That(capture.RateLimit?.Limit, Is.EqualTo(200));
        Assert.That(PolicyHarness.Call(request).RateLimit?.Remaining, Is.EqualTo(199));
    }

    private static (AttemptStep Step, FakeTimeProvider Time) Step()
    {
        var time = new FakeTimeProvider();
        var settings = PolicyHarness.Settings(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(5);
        });
        var pipeline = new DatagridPipeline(new HttpClient(), ownsHttpClient: true, settings);
        return (new AttemptStep(pipeline, settings, rateLimit: null), time);
    }
}
