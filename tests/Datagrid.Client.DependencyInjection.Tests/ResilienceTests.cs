using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>
/// The documented way to let Microsoft.Extensions.Http.Resilience do the retrying: MaxRetries = 0 on the client, the
/// standard resilience handler on the returned builder. Counting requests proves each failure is retried once, by the
/// pipeline, and not again by the client.
/// </summary>
public class ResilienceTests
{
    [Test]
    public async Task StandardResilienceHandler_RetriesA503Once_AndTheClientAddsNoRetries()
    {
        var (provider, requests) = Build(HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent);
        await using var _ = provider;

        await provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_1");

        Assert.That(requests.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task PersistentFailure_IsTriedOncePlusThePipelinesRetries_NotMultiplied()
    {
        var (provider, requests) = Build(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        await using var _ = provider;

        var ex = Assert.ThrowsAsync<DatagridServerException>(() => provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_1"));

        Assert.Multiple(() =>
        {
            // 1 attempt + the standard handler's 3 retries; the client made one attempt of its own.
            Assert.That(requests.Count, Is.EqualTo(4));
            Assert.That(ex!.StatusCode, Is.EqualTo(503));
            Assert.That(ex.Attempts, Is.EqualTo(1));
        });
    }

    private static (ServiceProvider Provider, RequestCounter Requests) Build(params HttpStatusCode[] statuses)
    {
        var requests = new RequestCounter();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Delete, "*").Respond(_ => new HttpResponseMessage(statuses[requests.Next()]));
        var services = new ServiceCollection();
        services.AddDatagridClient(o =>
            {
                o.ApiKey = TestServices.ApiKey;
                o.BaseUrl = new Uri(TestServices.BaseUrl);
                o.UseEnvironment = false;
                o.Retry.MaxRetries = 0; // retries belong to the resilience pipeline
            })
            .AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero); // no real waiting in a unit test
        services.AddHttpClient(DatagridServiceCollectionExtensions.HttpClientName).WithMock(mock);
        return (services.BuildServiceProvider(), requests);
    }

    private sealed class RequestCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        /// <summary>Counts a request and returns its zero-based index.</summary>
        public int Next() => Interlocked.Increment(ref _count) - 1;
    }
}
