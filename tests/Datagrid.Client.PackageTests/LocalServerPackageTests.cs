using System.IO.Compression;
using System.Reflection;
using Datagrid.LocalServer;

namespace Datagrid.Client.PackageTests;

/// <summary>
/// Datagrid.LocalServer from the local feed, used the way the README tells users to: started in a test fixture,
/// seeded, driven through the packaged client, with faults injected.
/// </summary>
public class LocalServerPackageTests
{
    private static readonly string PackagePath = BuildPaths.Get("DatagridLocalServerPackage");

    private LocalDatagridServer _server = null!;

    [SetUp]
    public async Task StartServer() =>
        _server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedIds = { "mem_a", "mem_b" }, Limit = 50 });

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public void ServerAssembly_ComesFromThePackage()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        var entry = zip.GetEntry("lib/net10.0/Datagrid.LocalServer.dll") ?? throw new AssertionException($"no Datagrid.LocalServer.dll in {PackagePath}");
        using var packed = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(packed);
        }

        Assert.That(File.ReadAllBytes(typeof(LocalDatagridServer).Assembly.Location), Is.EqualTo(packed.ToArray()));
        Assert.That(zip.GetEntry("lib/net10.0/Datagrid.LocalServer.xml"), Is.Not.Null, "XML docs for IntelliSense");
    }

    [Test]
    public async Task SeededMemoriesAreDeletedThroughThePackagedRootClient()
    {
        using var client = new DatagridClient(new DatagridClientOptions
        {
            BaseUrl = _server.BaseUrl,
            ApiKey = LocalServerOptions.DefaultApiKey,
            UseEnvironment = false,
        });

        var deleted = await client.Memory.WithRawResponse.DeleteUserMemoryAsync("mem_a");
        var again = Assert.ThrowsAsync<DatagridNotFoundException>(() => client.Memory.DeleteUserMemoryAsync("mem_a"));

        Assert.Multiple(() =>
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(204));
            Assert.That(deleted.RateLimit?.Limit, Is.EqualTo(50));
            Assert.That(again!.StatusCode, Is.EqualTo(404));
            Assert.That(_server.RemainingMemoryIds, Is.EquivalentTo(new[] { "mem_b" }));
        });
    }

    [Test]
    public async Task InjectedServerErrorsReachTheCallerAfterTheRetries()
    {
        await using var failing = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedIds = { "mem_x" },
            Faults = new FaultOptions { ServerErrorRate = 1.0 },
        });
        using var client = new DatagridClient(new DatagridClientOptions
        {
            BaseUrl = failing.BaseUrl,
            ApiKey = LocalServerOptions.DefaultApiKey,
            UseEnvironment = false,
            Retry = { MaxRetries = 1, InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        });

        var ex = Assert.ThrowsAsync<DatagridServerException>(() => client.Memory.DeleteUserMemoryAsync("mem_x"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Attempts, Is.EqualTo(2));
            Assert.That(failing.RemainingMemoryIds, Does.Contain("mem_x"));
        });
    }
}
