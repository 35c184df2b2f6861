using Datagrid;
using Datagrid.LocalServer;
using NUnit.Framework;

namespace Datagrid.Samples.LocalServerTests;

public class MemoryCleanupTests
{
    private LocalDatagridServer _server = null!;
    private DatagridClient _client = null!;

    [SetUp]
    public async Task Start()
    {
        // Seeded memories: explicit ids, and/or SeedCount = 10 for mem_000001 ... mem_000010.
        _server = await LocalDatagridServer.StartAsync(new LocalServerOptions { SeedIds = { "mem_a", "mem_b" }, Limit = 50 });
        _client = new DatagridClient(new DatagridClientOptions
        {
            BaseUrl = _server.BaseUrl, ApiKey = LocalServerOptions.DefaultApiKey, UseEnvironment = false,
        });
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task DeletesTheMemory()
    {
        await _client.Memory.DeleteUserMemoryAsync("mem_a");
        Assert.That(_server.RemainingMemoryIds, Is.EquivalentTo(new[] { "mem_b" }));
    }

    [Test]
    public void AMemoryThatIsNotThereIsTheApisOwnNotFound()
    {
        var error = Assert.ThrowsAsync<DatagridNotFoundException>(() => _client.Memory.DeleteUserMemoryAsync("mem_unknown"));
        Assert.That(error!.IsApiNotFound, Is.True);
    }
}
