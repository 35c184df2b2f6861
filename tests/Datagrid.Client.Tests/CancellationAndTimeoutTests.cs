using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests;

public class CancellationAndTimeoutTests
{
    [Test]
    public void ACallerCancellationIsAnOperationCanceledExceptionNotATimeout()
    {
        using var handler = new HangingHandler();
        using var client = new MemoryClient(new HttpClient(handler), TestClients.Options(o => o.Retry.MaxRetries = 0));
        using var cts = new CancellationTokenSource();

        var call = client.DeleteUserMemoryAsync("m1", cts.Token);
        Assert.That(handler.Started.Wait(TimeSpan.FromSeconds(10)), Is.True);
        cts.Cancel();

        Assert.CatchAsync<OperationCanceledException>(() => call);
    }

    [Test]
    public void AnAlreadyCancelledTokenSendsNothing()
    {
        using var handler = new HangingHandler();
        using var client = new MemoryClient(new HttpClient(handler), TestClients.Options());

        Assert.CatchAsync<OperationCanceledException>(() => client.DeleteUserMemoryAsync("m1", new CancellationToken(canceled: true)));
        Assert.That(handler.Started.IsSet, Is.False);
    }

    [Test]
    public async Task AnAttemptLongerThanTheTimeoutIsATimeoutException()
    {
        var time = new FakeTimeProvider();
        using var handler = new HangingHandler();
        using var client = new MemoryClient(new HttpClient(handler), TestClients.Options(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(5);
            o.Retry.MaxRetries = 0;
        }));

        var call = client.DeleteUserMemoryAsync("m1");
        Assert.That(handler.Started.Wait(TimeSpan.FromSeconds(10)), Is.True);
        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.That(call.IsCompleted, Is.False, "4 s of a 5 s timeout have passed");
        time.Advance(TimeSpan.FromSeconds(1));

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Message, Does.Contain("5 s").And.Contain("Timeout"));
    }

    /// <summary>Never answers until cancelled; tells the test when the request arrived.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        public ManualResetEventSlim Started { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Started.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        protected override void Dispose(bool disposing)
        {
            Started.Dispose();
            base.Dispose(disposing);
        }
    }
}
