using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Datagrid.Cli.Tests;

/// <summary>
/// A TCP listener on 127.0.0.1 that answers each connection with fixed bytes and then closes it cleanly: for
/// responses no HTTP server library would send (a body shorter than its Content-Length).
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public RawHttpServer(string response)
    {
        listener.Start();
        var bytes = Encoding.UTF8.GetBytes(response);
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                await ReadRequestHeadAsync(stream, stop.Token);
                await stream.WriteAsync(bytes, stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
        });
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private static async Task ReadRequestHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1024];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, cancellationToken);
            if (n == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }
}
