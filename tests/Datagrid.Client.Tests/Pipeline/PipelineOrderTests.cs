using System.Diagnostics;
using System.Net;
using Datagrid.Http;
using Datagrid.Http.Policies;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests.Pipeline;

public class PipelineOrderTests
{
    [Test]
    public void ThePoliciesRunInTheDocumentedOrder_UserPoliciesAtTheirPositions()
    {
        var perCall = new Recorder();
        var perAttempt = new Recorder();
        var settings = PolicyHarness.Settings(o =>
        {
            o.AddPolicy(perCall, DatagridPipelinePosition.PerCall);
            o.AddPolicy(perAttempt, DatagridPipelinePosition.PerAttempt);
        });
        using var pipeline = new DatagridPipeline(new HttpClient(), ownsHttpClient: true, settings);

        Assert.That(pipeline.Policies.Select(p => p.GetType().Name), Is.EqualTo(new[]
        {
            nameof(TelemetryStep), nameof(Recorder), nameof(RetryStep), nameof(RateLimitStep), nameof(Recorder), nameof(AttemptStep), nameof(TransportStep),
        }));
        Assert.That(pipeline.Policies[1], Is.SameAs(perCall));
        Assert.That(pipeline.Policies[4], Is.SameAs(perAttempt));
    }

    [Test]
    public void ADeadlineIsOutsideEverythingButTelemetry_AndOnlyInAPipelineThatHasOne()
    {
        var settings = PolicyHarness.Settings(o => o.AddPolicy(new Recorder(), DatagridPipelinePosition.PerCall));
        using var pipeline = new DatagridPipeline(new HttpClient(), ownsHttpClient: true, settings);
        using var view = pipeline.With(settings.WithOverrides(new DatagridRequestOptions { Deadline = TimeSpan.FromSeconds(5) }, []));

        Assert.That(pipeline.Policies.Any(p => p is DeadlineStep), Is.False, "no deadline, no step: a call costs what it did");
        Assert.That(view.Policies.Select(p => p.GetType().Name), Is.EqualTo(new[]
        {
            nameof(TelemetryStep), nameof(DeadlineStep), nameof(Recorder), nameof(RetryStep), nameof(RateLimitStep), nameof(AttemptStep), nameof(TransportStep),
        }));
        Assert.That(view.Settings.Deadline, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(pipeline.Settings.Deadline, Is.EqualTo(Timeout.InfiniteTimeSpan), "the parent's settings are unchanged");
    }

    [Test]
    public async Task APerCallPolicySeesTheCallOnce_APerAttemptPolicySeesEveryAttempt()
    {
        var perCall = new Recorder();
        var perAttempt = new Recorder();
        using var handler = new MockHttpMessageHandler();
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent]);
        handler.When("*").Respond(_ => new HttpResponseMessage(answers.Dequeue()));
        using var client = new MemoryClient(handler.ToHttpClient(), TestClients.Options(o =>
        {
            o.Retry.InitialDelay = o.Retry.MaxDelay = TimeSpan.Zero;
            o.AddPolicy(perCall, DatagridPipelinePosition.PerCall);
            o.AddPolicy(perAttempt, DatagridPipelinePosition.PerAttempt);
        }));

        await client.DeleteUserMemoryAsync("m1");

        Assert.Multiple(() =>
        {
            Assert.That(perCall.Statuses, Is.EqualTo(new[] { 204 }));
            Assert.That(perAttempt.Statuses, Is.EqualTo(new[] { 503, 503, 204 }));
        });
    }

    [Test]
    public async Task APolicyCanAnswerWithoutSending()
    {
        using var handler = new MockHttpMessageHandler();
        using var client = new MemoryClient(handler.ToHttpClient(), TestClients.Options(o => o.AddPolicy(new AnswersItself(), DatagridPipelinePosition.PerCall)));

        await client.DeleteUserMemoryAsync("m1");

        Assert.That(handler.GetMatchCount(handler.Fallback), Is.Zero);
    }

    [Test]
    public void PoliciesCannotBeAddedOnceAClientIsBuilt()
    {
        var options = TestClients.Options();
        using var client = new MemoryClient(new HttpClient(), options);

        Assert.Throws<InvalidOperationException>(() => options.AddPolicy(new Recorder(), DatagridPipelinePosition.PerCall));
    }

    [Test]
    public async Task WithNoListenerNoActivityIsBuilt()
    {
        Assert.That(Datagrid.Diagnostics.DatagridTelemetry.ActivitySource.HasListeners(), Is.False, "no test in this assembly leaves a listener on");
        var step = new TelemetryStep();
        using var request = PolicyHarness.Request();

        using var response = await PolicyHarness.Run(step, request, (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent)));

        Assert.That(PolicyHarness.Call(request).Activity, Is.Null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the rest of the pipeline's answer, passed on");
    }

    private sealed class Recorder : DatagridPipelinePolicy
    {
        private readonly List<int> _statuses = [];

        public IReadOnlyList<int> Statuses => _statuses;

        public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
        {
            var response = await pipeline.SendAsync(request, cancellationToken);
            lock (_statuses)
            {
                _statuses.Add((int)response.StatusCode);
            }

            return response;
        }
    }

    private sealed class AnswersItself : DatagridPipelinePolicy
    {
        public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request });
    }
}
