using System.Net;
using System.Text;
using Datagrid.Http;
using Datagrid.Http.Policies;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests.Pipeline;

/// <summary>
/// The transport: an HttpClient is used as such (its Timeout and handlers apply); the client's own bare invoker sends
/// directly, and still honours the completion option an HttpClient would.
/// </summary>
public class TransportStepTests
{
    [Test]
    public async Task ABareInvokerReadsTheBodyFirstWhenTheCallAsksForTheWholeResponse()
    {
        using var handler = new MockHttpMessageHandler();
        var content = new CountingContent("{\"ok\":true}");
        handler.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var step = new TransportStep(invoker);
        using var request = new HttpRequestMessage(HttpMethod.Delete, PolicyHarness.Url);
        DatagridPipeline.CallKey.Set(request, new DatagridCall("DELETE", "user-memories/{user_memory_id}", HttpCompletionOption.ResponseContentRead));

        using var response = await step.SendAsync(request, default, CancellationToken.None);

        Assert.That(content.Reads, Is.EqualTo(1), "buffered before the response was handed on");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"ok\":true}"));
    }

    [Test]
    public async Task ABareInvokerLeavesTheBodyUnreadForHeadersRead()
    {
        using var handler = new MockHttpMessageHandler();
        var content = new CountingContent("{}");
        handler.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var step = new TransportStep(invoker);
        using var request = PolicyHarness.Request();

        using var response = await step.SendAsync(request, default, CancellationToken.None);

        Assert.That(content.Reads, Is.Zero);
    }

    [Test]
    public async Task AnInjectedHttpClientIsUsedAsAnHttpClient()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").WithHeaders("X-From-HttpClient", "yes").Respond(HttpStatusCode.NoContent);
        handler.Fallback.Respond(HttpStatusCode.BadRequest);
        using var client = handler.ToHttpClient();
        client.DefaultRequestHeaders.Add("X-From-HttpClient", "yes");
        var step = new TransportStep(client);
        using var request = PolicyHarness.Request();

        using var response = await step.SendAsync(request, default, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "HttpClient.SendAsync applied its default headers (not the bare invoker path)");
    }
}
