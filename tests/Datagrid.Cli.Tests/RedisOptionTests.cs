using System.Net;
using System.Net.Sockets;
using Datagrid.LocalServer;

namespace Datagrid.Cli.Tests;

/// <summary>
/// `--redis` / `DATAGRID_REDIS`: the run paces through the shared limiter, and a Redis that cannot be reached costs a
/// warning, never a delete (the shared limiter itself is tested against a real redis-server in Datagrid.Client.Redis.Tests).
/// </summary>
public class RedisOptionTests
{
    private LocalDatagridServer server = null!;

    [SetUp]
    public async Task StartServer() =>
        server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedCount = 5 });

    [TearDown]
    public async Task StopServer() => await server.DisposeAsync();

    [Test]
    public async Task AnUnreachableRedisFallsBackToLocalPacingWithAWarning()
    {
        var run = await CliRun.RunAsync(Delete(LocalServerOptions.SeededId(1), LocalServerOptions.SeededId(2), "--redis", $"127.0.0.1:{ClosedPort()}"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(server.RemainingMemoryCount, Is.EqualTo(3), "both deletes happened");
            Assert.That(run.Error, Does.Contain("warning: Redis is unavailable for the shared rate limit"));
        });
    }

    [Test]
    public async Task DatagridRedisIsReadFromTheEnvironment()
    {
        var run = await CliRun.RunAsync(
            Delete(LocalServerOptions.SeededId(3)),
            new Dictionary<string, string> { ["DATAGRID_REDIS"] = $"127.0.0.1:{ClosedPort()}" });

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Error, Does.Contain("warning: Redis is unavailable"));
        });
    }

    private string[] Delete(params string[] rest) =>
        ["user-memories", "delete", "--base-url", server.BaseUrl.ToString(), "--api-key", LocalServerOptions.DefaultApiKey, .. rest];

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
