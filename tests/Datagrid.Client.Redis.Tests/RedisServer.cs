using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Datagrid.Client.Redis.Tests;

/// <summary>
/// A real redis-server on a free loopback port, for one fixture: persistence off, or (with a data folder) the
/// append-only file synced on every write, so that a kill and a start again loses nothing acknowledged. Kill and
/// Start again to simulate an outage. Fails with a clear message when redis-server is not installed (.ci/run installs it).
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly string? _appendOnlyDir;
    private Process? _process;

    public RedisServer(string? appendOnlyDir = null)
    {
        Port = FreePort();
        _appendOnlyDir = appendOnlyDir;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public void Start()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = _appendOnlyDir is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _appendOnlyDir];
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "" }.Concat(persistence))
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server (.ci/run does it).", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Answers())
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}.");
            }

            Thread.Sleep(20);
        }
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
#if NET
            _process.Kill(entireProcessTree: true);
#else
            // Polyfill's Kill(entireProcessTree) needs RuntimeInformation, which Debian's Mono runtime packages lack;
            // the tree is redis-server alone (an append-only rewrite child, if any, ends on its own).
            _process.Kill();
#endif
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Resume();
        Kill();
    }

    /// <summary>Stops the server process (SIGSTOP): connections stay open, nothing is answered.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using var kill = Process.Start("kill", $"{signal} {process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}")!;
        kill.WaitForExit();
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        // Stop, not using: TcpListener is not IDisposable on .NET Framework.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
