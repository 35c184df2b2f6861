using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Datagrid.Client.Tests;

/// <summary>
/// A TCP listener on 127.0.0.1 that answers every request with the same raw HTTP response and counts the requests:
/// a real server for what MockHttp cannot show (the client's own transport), on .NET and on Mono alike (no ASP.NET
/// Core). Blocking I/O on one background thread: one request per connection, answered in order.
/// </summary>
internal sealed class RawLoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;
    private int _requests;

    public RawLoopbackServer(string response)
    {
        _listener.Start();
        var bytes = Encoding.ASCII.GetBytes(response);
        _loop = Task.Factory.StartNew(() => Serve(bytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The server's root with the API's version segment, as a base URL: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    /// <summary>Requests whose head was read (and answered).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        // Stopping the listener ends the blocking accept; the loop then returns.
        _listener.Stop();
        _loop.Wait(TestClock.Patience);
    }

    private void Serve(byte[] response)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    using (var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true))
                    {
                        // The request head ends at the first empty line; the client's requests here have no body.
                        while (!string.IsNullOrEmpty(reader.ReadLine()))
                        {
                        }
                    }

                    Interlocked.Increment(ref _requests);
                    stream.Write(response, 0, response.Length);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
                catch (IOException)
                {
                    // The client went away mid-request: nothing to answer.
                }
            }
        }
    }
}
