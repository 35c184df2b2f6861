using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.DependencyInjection.Tests;

public class ValidationTests
{
    [Test]
    public async Task MissingKey_StopsTheHostAtStartup_NamingTheVariableTheOptionAndTheConfigurationKey()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Datagrid:UseEnvironment"] = "false" });
        builder.Services.AddDatagridClient(builder.Configuration.GetSection("Datagrid"));
        using var host = builder.Build();

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(ex!.Message, Does.Contain("DATAGRID_API_KEY")
            .And.Contain("DatagridClientOptions.ApiKey")
            .And.Contain("'Datagrid:ApiKey'"));
        await host.StopAsync();
    }

    [Test]
    public void MissingKey_FromAction_HasTheClientsOwnMessage()
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(o => o.UseEnvironment = false);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var clientMessage = Assert.Throws<DatagridConfigurationException>(() => _ = new MemoryClient(new DatagridClientOptions { UseEnvironment = false }))!.Message;
        Assert.That(ex!.Failures, Is.EqualTo(new[] { clientMessage }));
    }

    [Test]
    public void InvalidValues_AreReportedWithoutTheKey()
    {
        var values = TestServices.ValidSection();
        values["Datagrid:BaseUrl"] = "http://api.example.test/v1"; // plain http to a non-loopback host
        var services = new ServiceCollection();
        services.AddDatagridClient(TestServices.Configuration(values).GetSection("Datagrid"));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(ex!.Message, Does.Contain("AllowInsecureHttp").And.Not.Contain(TestServices.ApiKey));
    }

    [Test]
    [NonParallelizable]
    public async Task KeyFromEnvironment_IsTheFallback()
    {
        const string envKey = "dg_env_fallback_key";
        var previous = Environment.GetEnvironmentVariable(EnvironmentVariables.ApiKey);
        Environment.SetEnvironmentVariable(EnvironmentVariables.ApiKey, envKey);
        try
        {
            using var mock = new MockHttpMessageHandler();
            mock.Expect(HttpMethod.Delete, "*").WithHeaders("Authorization", $"Bearer {envKey}").Respond(HttpStatusCode.NoContent);
            var services = new ServiceCollection();
            services.AddDatagridClient(o => o.BaseUrl = new Uri(TestServices.BaseUrl)).WithMock(mock);
            await using var provider = services.BuildServiceProvider();

            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_env");

            mock.VerifyNoOutstandingExpectation();
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvironmentVariables.ApiKey, previous);
        }
    }
}
