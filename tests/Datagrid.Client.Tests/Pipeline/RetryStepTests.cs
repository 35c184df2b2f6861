using System.Net;
using Datagrid.Http;
using Datagrid.Http.Policies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Datagrid.Client.Tests.Pipeline;

public class RetryStepTests
{
    [Test]
    public async Task TheFirstAttemptSendsTheCallersRequestItself_ARetrySendsAnEqualCopy()
    {
        var settings = PolicyHarness.Settings(o => o.Retry.InitialDelay = o.Retry.MaxDelay = TimeSpan.Zero);
        var step = new RetryStep(new RetryPolicy(settings), settings, NullLogger.Instance);
        using var request = PolicyHarness.Request("PUT");
        request.Headers.TryAddWithoutValidation("X-Trace", "t1");
        request.Content = new StringContent("{\"a\":1}");
        var sent = new List<(HttpRequestMessage Request, string Body, int Attempt)>();

        using var response = await PolicyHarness.Run(step, request, async (r, ct) =>
        {
            sent.Add((r, await r.Content!.ReadAsStringAsync(ct), DatagridPipeline.AttemptsKey.TryGet(r, out var n) ? n : 1));
            return new HttpResponseMessage(sent.Count == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NoContent);
        });

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(sent, Has.Count.EqualTo(2));
            Assert.That(sent[0].Request, Is.SameAs(request), "no copy for the first attempt");
            Assert.That(sent[1].Request, Is.Not.SameAs(request));
            Assert.That(sent[1].Request.Method, Is.EqualTo(HttpMethod.Put));
            Assert.That(sent[1].Request.Headers.GetValues("X-Trace"), Is.EqualTo(new[] { "t1" }));
            Assert.That(sent[1].Body, Is.EqualTo("{\"a\":1}"));
            Assert.That(sent.Select(s => s.Attempt), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(PolicyHarness.Call(request).Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ARetryableBodyFlagParsedByTheAttemptStepDecides()
    {
        var settings = PolicyHarness.Settings();
        var step = new RetryStep(new RetryPolicy(settings), settings, NullLogger.Instance);
        using var request = PolicyHarness.Request();
        var sends = 0;

        using var response = await PolicyHarness.Run(step, request, (r, _) =>
        {
            sends++;
            PolicyHarness.Call(r).ErrorBody = ErrorBody.FromText("{\"retryable\": false}");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests));
        });

        Assert.That(sends, Is.EqualTo(1), "the body said retryable: false");
    }

    [Test]
    public void AFailureThatIsNotRetriedIsRethrownWithTheReasonRecorded()
    {
        var settings = PolicyHarness.Settings(o => o.Retry.MaxRetries = 0);
        var step = new RetryStep(new RetryPolicy(settings), settings, NullLogger.Instance);
        using var request = PolicyHarness.Request();

        Assert.ThrowsAsync<DatagridConnectionException>(async () =>
            await PolicyHarness.Run(step, request, (_, _) => throw new DatagridConnectionException("down", 1)));
        Assert.That(PolicyHarness.Call(request).FailureReason, Is.EqualTo("connection_error"));
    }
}
