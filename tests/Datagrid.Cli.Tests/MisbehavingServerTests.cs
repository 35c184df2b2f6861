using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Datagrid.Cli.Tests;

/// <summary>The client against a real server that redirects, breaks off bodies or sends bytes no API would.</summary>
public class MisbehavingServerTests
{
    private const string Key = "dg_live_0123456789abcdefghijklmnopqrstuvwxyz";

    private static MemoryClient ClientFor(Uri baseUrl, HttpClient? http = null)
    {
        var options = new DatagridClientOptions { BaseUrl = baseUrl, ApiKey = Key, Retry = { MaxRetries = 0 }, UseEnvironment = false, Teamspace = "team-1" };
        return http is null ? new MemoryClient(options) : new MemoryClient(http, options);
    }

    [TestCase(301)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task ARedirectIsRefusedWithATypedErrorAndNotFollowed(int status)
    {
        await using var elsewhere = await MisbehavingServer.StartAsync(context => { context.Response.StatusCode = 204; return Task.CompletedTask; });
        await using var redirecting = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(elsewhere.BaseUrl, "v1/user-memories/m1").AbsoluteUri;
            return Task.CompletedTask;
        });
        using var client = ClientFor(redirecting.BaseUrl);

        var e = Assert.ThrowsAsync<DatagridRedirectException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(status));
            Assert.That(e.Location?.Authority, Is.EqualTo(elsewhere.Root.Authority));
            Assert.That(e.Message, Does.Contain("does not follow redirects").And.Contain("set BaseUrl"));
            Assert.That(elsewhere.Requests, Is.Zero, "the DELETE, its key and its teamspace never reached the other server");
        });
    }

    [Test]
    public async Task AnInjectedClientThatFollowsRedirectsCannotReportADeleteThatHappenedElsewhere()
    {
        await using var elsewhere = await MisbehavingServer.StartAsync(context => { context.Response.StatusCode = 204; return Task.CompletedTask; });
        await using var redirecting = await MisbehavingServer.StartAsync(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = new Uri(elsewhere.BaseUrl, "v1/user-memories/m1").AbsoluteUri;
            return Task.CompletedTask;
        });
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = ClientFor(redirecting.BaseUrl, following);

        var e = Assert.ThrowsAsync<DatagridRedirectException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(elsewhere.Requests, Is.EqualTo(1), "the injected client did follow it");
            Assert.That(e!.Location?.Authority, Is.EqualTo(elsewhere.Root.Authority));
            Assert.That(e.Message, Does.Contain("AllowAutoRedirect = false").And.Contain("not trusted"));
        });
    }

    [Test]
    public async Task A429WhoseBodyBreaksOffIsStillARateLimitException()
    {
        await using var server = new RawHttpServer(
            "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"error\":\"rate_limit_exceeded\",\"message\":\"Sl");
        using var client = ClientFor(server.BaseUrl);

        var e = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("m1"));
        Assert.That(e!.Message, Does.Contain("429"));
    }

    [Test]
    public async Task AChunked429OverTheReadCapIsStillARateLimitExceptionWithTheStartOfTheBody()
    {
        await using var server = await MisbehavingServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 429;
            var chunk = Encoding.UTF8.GetBytes(new string('x', 16 * 1024));
            for (var i = 0; i < 40; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        using var client = ClientFor(server.BaseUrl);

        var e = Assert.ThrowsAsync<DatagridRateLimitException>(() => client.DeleteUserMemoryAsync("m1"));
        Assert.That(e!.ResponseBody?.Length, Is.InRange(1, 64 * 1024));
    }

    [Test]
    public async Task ABodyThatFailsToDecompressIsStillTheTypedException()
    {
        await using var server = await MisbehavingServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("this is not gzip at all, not even close"));
        });
        using var decompressing = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, AllowAutoRedirect = false });
        using var client = ClientFor(server.BaseUrl, decompressing);

        Assert.ThrowsAsync<DatagridServerException>(() => client.DeleteUserMemoryAsync("m1"));
    }

    [Test]
    public async Task ABinaryBodyNeverReachesTheMessage()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await using var server = await MisbehavingServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(bytes);
        });
        using var client = ClientFor(server.BaseUrl);

        var e = Assert.ThrowsAsync<DatagridServerException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("binary data, not shown"));
            Assert.That(e.Message.Any(char.IsControl), Is.False, e.Message);
        });
    }

    [Test]
    public async Task ARouteLevel404IsNotTheApisNotFound()
    {
        await using var server = await MisbehavingServer.StartAsync(context => { context.Response.StatusCode = 404; return Task.CompletedTask; });
        using var client = ClientFor(server.BaseUrl);

        var e = Assert.ThrowsAsync<DatagridNotFoundException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.IsApiNotFound, Is.False);
            Assert.That(e.Message, Does.Contain("proves nothing").And.Contain("/v1"));
        });
    }

    [TestCase("""{"error":"not_found","message":"User memory 'm1' was not found.","status_code":404}""", "application/json", true)]
    [TestCase("""{"error":"not_found","message":"x"}""", "application/json; charset=utf-8", true)]
    [TestCase("""{"message":"Not Found"}""", "application/json", false)]
    [TestCase("""{"timestamp":"2026-01-01","status":404,"error":"Not Found","path":"/x"}""", "application/json", false)]
    [TestCase("""{"error":"not_found"}""", "text/html", false)]
    [TestCase("""<html><body>404 Not Found</body></html>""", "text/html", false)]
    [TestCase("""{"error":"not_found","status_code":200}""", "application/json", false)]
    public async Task OnlyTheApisOwnNotFoundShapeProvesAbsence(string body, string contentType, bool proves)
    {
        await using var server = await MisbehavingServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        });
        using var client = ClientFor(server.BaseUrl);

        var e = Assert.ThrowsAsync<DatagridNotFoundException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.IsApiNotFound, Is.EqualTo(proves));
            Assert.That(e.Message, Does.Not.Contain(".."), "one period after the server's own sentence");
        });
    }
}
