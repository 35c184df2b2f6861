using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.DependencyInjection.Tests;

public class RegistrationTests
{
    [Test]
    public async Task FromConfigurationSection_BindsOptionsAndSendsThroughTheFactoryClient()
    {
        var values = TestServices.ValidSection();
        values["Datagrid:Teamspace"] = "ts_42";
        values["Datagrid:DefaultHeaders:X-Team"] = "billing";
        values["Datagrid:Timeout"] = "00:00:05";
        values["Datagrid:Retry:MaxRetries"] = "0";
        values["Datagrid:Retry:MaxRetryAfter"] = "00:00:30";
        values["Datagrid:RateLimiting:Enabled"] = "false";
        values["Datagrid:RateLimiting:Window"] = "00:00:02";
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Delete, $"{TestServices.BaseUrl}/user-memories/mem_1")
            .WithHeaders("Authorization", $"Bearer {TestServices.ApiKey}")
            .WithHeaders("Datagrid-Teamspace", "ts_42")
            .WithHeaders("X-Team", "billing")
            .Respond(HttpStatusCode.NoContent);
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(values).GetSection("Datagrid")).WithMock(mock);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatagridClientOptions>>().Value;
        await provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_1");

        mock.VerifyNoOutstandingExpectation();
        Assert.Multiple(() =>
        {
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.Retry.MaxRetries, Is.Zero);
            Assert.That(options.Retry.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.RateLimiting.Enabled, Is.False);
            Assert.That(options.RateLimiting.Window, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(options.IsFrozen, Is.True, "the client froze the options it was built from");
            Assert.That(options.BaseUrl, Is.EqualTo(new Uri(TestServices.BaseUrl)));
        });
    }

    [Test]
    public async Task FromAction_SendsWithTheConfiguredKey()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Delete, "https://other.example.test/v1/user-memories/mem_2")
            .WithHeaders("Authorization", "Bearer from_action_key")
            .Respond(HttpStatusCode.NoContent);
        var services = new ServiceCollection();
        services.AddDatagridClient(o =>
        {
            o.ApiKey = "from_action_key";
            o.BaseUrl = new Uri("https://other.example.test/v1");
            o.UseEnvironment = false;
        }).WithMock(mock);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<MemoryClient>().DeleteUserMemoryAsync("mem_2");

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task Client_IsOneSharedInstance_SoItsLimiterAndRetryStateAreShared()
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(TestServices.ValidSection()).GetSection("Datagrid"));
        await using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<MemoryClient>();
        MemoryClient fromScope;
        await using (var scope = provider.CreateAsyncScope())
        {
            fromScope = scope.ServiceProvider.GetRequiredService<MemoryClient>();
        }

        Assert.Multiple(() =>
        {
            Assert.That(fromScope, Is.SameAs(first));
            Assert.That(provider.GetRequiredService<IMemoryClient>(), Is.SameAs(first));
        });
    }

    [Test]
    public async Task ReturnedBuilder_AddsHandlersThatSeeEveryRequest()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Delete, "*").Respond(HttpStatusCode.NoContent);
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(TestServices.ValidSection()).GetSection("Datagrid"))
            .AddHttpMessageHandler(() => new RecordingHandler(seen))
            .WithMock(mock);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IMemoryClient>();
        await client.DeleteUserMemoryAsync("a");
        await client.DeleteUserMemoryAsync("b");

        Assert.That(seen, Is.EqualTo(new[] { "/v1/user-memories/a", "/v1/user-memories/b" }));
    }

    [Test]
    public void NullArguments_AreRejected()
    {
        var services = new ServiceCollection();
        Assert.Multiple(() =>
        {
            Assert.That(() => services.AddDatagridClient((Microsoft.Extensions.Configuration.IConfiguration)null!), Throws.ArgumentNullException);
            Assert.That(() => services.AddDatagridClient((Action<DatagridClientOptions>)null!), Throws.ArgumentNullException);
        });
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
