using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Datagrid.SpecTool.Tests;

/// <summary>Serves one fixed response on loopback (HttpListener), for the URL source tests.</summary>
internal sealed class OneShotHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    public OneShotHttpServer(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/page.md";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync().ConfigureAwait(false);
            context.Response.StatusCode = (int)status;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        });
    }

    public string Url { get; }

    public void Dispose()
    {
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed before a request came; nothing to serve.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
