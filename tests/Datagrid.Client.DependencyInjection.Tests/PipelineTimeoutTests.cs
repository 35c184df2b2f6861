using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>
/// What the README says about timeouts when a resilience pipeline does the retrying: the pipeline's total timeout
/// ends the call, and it surfaces as Polly's exception (the client has no dependency on Polly to translate it).
/// </summary>
public class PipelineTimeoutTests
{
    [Test]
    public async Task PipelineTotalTimeout_SurfacesAsTimeoutRejectedException()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock); // used by the resilience pipeline and, via AddDatagridClient, the client
        services.AddDatagridClient(o =>
            {
                o.ApiKey = TestServices.ApiKey;
                o.BaseUrl = new Uri(TestServices.BaseUrl);
                o.UseEnvironment = false;
                o.Retry.MaxRetries = 0;
                o.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler();
        services.AddHttpClient(DatagridServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new NeverAnswers());
        await using var provider = services.BuildServiceProvider();

        var call = provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_slow");
        // Attempt timeouts (10 s) trigger retries; keep advancing until the 30 s total timeout has passed.
        for (var i = 0; i < 40 && !call.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))); // guard only: never awaited in the passing path
        Assert.That(finished, Is.SameAs(call), "the call did not end after 40 fake seconds");
        Assert.That(async () => await call, Throws.TypeOf<TimeoutRejectedException>());
    }

    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
