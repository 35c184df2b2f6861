using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Client.PackageTests;

/// <summary>The packed Datagrid.Client works from a plain PackageReference: DI registration and a real HTTP call.</summary>
public class PackageConsumerTests
{
    [Test]
    public void ClientAssembly_ComesFromThePackage_NotFromTheProject()
    {
        var location = typeof(MemoryClient).Assembly.Location;
        var fromPackage = File.ReadAllBytes(location);

        Assert.That(typeof(MemoryClient).Assembly.GetName().Name, Is.EqualTo("Datagrid.Client"));
        Assert.That(PackageFile.Read("lib/net10.0/Datagrid.Client.dll"), Is.EqualTo(fromPackage), "the test must run against the packed DLL");
    }

    [Test]
    public async Task DeleteThroughAddDatagridClient_ReachesTheLoopbackServerWithTheKey()
    {
        await using var server = await LoopbackServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Datagrid:ApiKey"] = "dg_package_test_key",
            ["Datagrid:BaseUrl"] = server.BaseUrl.ToString(),
            ["Datagrid:UseEnvironment"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddDatagridClient(configuration.GetSection("Datagrid"));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync("mem_from_package");

        Assert.That(server.Requests, Is.EqualTo(new[] { "DELETE mem_from_package Bearer dg_package_test_key" }));
    }

    [Test]
    public async Task DeleteWithoutDI_ReachesTheLoopbackServer()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = new MemoryClient(new DatagridClientOptions { ApiKey = "dg_plain_key", BaseUrl = server.BaseUrl, UseEnvironment = false });

        await client.DeleteUserMemoryAsync("mem_plain");

        Assert.That(server.Requests, Is.EqualTo(new[] { "DELETE mem_plain Bearer dg_plain_key" }));
    }
}
