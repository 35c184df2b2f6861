using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// Until the client's own tests are linked (DatagridNetFxLinkClientTests): a netstandard2.0 assembly (MockHttp) loads
/// and works on Mono with the netstandard.dll facade the executable carries.
/// </summary>
public class NetStandardLoadTests
{
    [Test]
    public async Task MockHttpNetStandardBuildLoadsAndAnswers()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Responses.TooMany(("Retry-After", "3")));
        using var client = handler.ToHttpClient();
        using var response = await client.GetAsync(new Uri("https://api.example.test/v1/x"));
        Assert.That((int)response.StatusCode, Is.EqualTo(429));
    }
}
