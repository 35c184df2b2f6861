using System.Net;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>The API key never appears in an exception message, ToString() or anything else a caller might log.</summary>
public class SecrecyTests
{
    [Test]
    public void OptionsToStringHidesTheKey()
    {
        var options = TestClients.Options();

        Assert.That(options.ToString(), Does.Not.Contain(TestClients.ApiKey).And.Contain("hidden"));
        Assert.That(ClientSettings.Resolve(options).ToString(), Does.Not.Contain(TestClients.ApiKey));
    }

    [TestCase(401)]
    [TestCase(429)]
    [TestCase(500)]
    public void AServerEchoingTheKeyDoesNotPutItInTheMessage(int status)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond((HttpStatusCode)status, "application/json",
            $"{{\"message\":\"bad token Bearer {TestClients.ApiKey}\"}}");
        using var client = TestClients.Create(handler, o => o.Retry.MaxRetries = 0);

        var ex = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.That(ex!.Message, Does.Not.Contain(TestClients.ApiKey).And.Contain("[redacted]"));
        Assert.That(ex.ToString(), Does.Not.Contain(TestClients.ApiKey));
    }

    [Test]
    public void ConnectionAndConfigurationErrorsDoNotShowTheKey()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Throw(new HttpRequestException("boom"));
        using var client = TestClients.Create(handler, o => o.Retry.MaxRetries = 0);

        var connection = Assert.CatchAsync<DatagridConnectionException>(() => client.DeleteUserMemoryAsync("m1"));
        var configuration = Assert.Throws<DatagridConfigurationException>(() =>
            _ = new MemoryClient(TestClients.Options(o => o.BaseUrl = new Uri("http://remote.test/v1"))));

        Assert.That(connection!.ToString(), Does.Not.Contain(TestClients.ApiKey));
        Assert.That(configuration!.ToString(), Does.Not.Contain(TestClients.ApiKey));
    }
}
