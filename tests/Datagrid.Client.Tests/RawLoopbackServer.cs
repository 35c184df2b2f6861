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
    private readonly ManualResetEventSlim _stopped = new();
    private readonly bool _holdOpen;
    private readonly Task _loop;
    private int _requests;
    private int _responded;

    /// <param name="response">The raw response, head and body.</param>
    /// <param name="holdOpen">Keep the connection open after the response until disposed: with a Content-Length
    /// longer than the body sent, a body that stalls.</param>
    public RawLoopbackServer(string response, bool holdOpen = false)
    {
        _holdOpen = holdOpen;
        _listener.Start();
        var bytes = Encoding.ASCII.GetBytes(response);
        _loop = Task.Factory.StartNew(() => Serve(bytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The server's root with the API's version segment, as a base URL: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    /// <summary>Requests whose head was read (and answered).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Responses written (all of what the server sends).</summary>
    public int Responded => Volatile.Read(ref _responded);

    public void Dispose()
    {
        // Stopping the listener ends the blocking accept; the loop then returns.
        _stopped.Set();
        _listener.Stop();
        _loop.Wait(TestClock.Patience);
        _stopped.Dispose();
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
                    stream.Flush();
                    Interlocked.Increment(ref _responded);
                    if (_holdOpen)
                    {
                        _stopped.Wait(TestClock.Patience);
                    }

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
