using Datagrid.LocalServer;

namespace Datagrid.Client.PackageTests;

/// <summary>
/// The package's netstandard2.0 build, as a .NET Framework 4.6.2 program gets it (tests/Datagrid.Client.PackageTests.NetFx,
/// built by build/pack-and-test-package.sh from the packed .nupkg), run on Mono against the packaged local server.
/// </summary>
public class NetFrameworkConsumerTests
{
    private static readonly string ConsumerPath = BuildPaths.Get("DatagridNetFxConsumer");

    [Test]
    [CancelAfter(120_000)]
    public async Task Net462Program_UsesTheNetStandardBuild_AndDeletesThroughTheRateLimit(CancellationToken cancellationToken)
    {
        var mono = Mono.Find();
        Assert.That(File.Exists(ConsumerPath), Is.True, $"{ConsumerPath} is missing: build/pack-and-test-package.sh builds it after packing.");

        // 12 ids at once against 5 per 2 s: the client must learn the limit, pace, and retry any 429.
        var ids = Enumerable.Range(1, 12).Select(LocalServerOptions.SeededId).ToArray();
        await using var server = await LocalDatagridServer.StartAsync(new LocalServerOptions { Limit = 5, Window = TimeSpan.FromSeconds(2) }, cancellationToken);
        server.AddMemories(ids);

        var (exitCode, output) = await Mono.RunAsync(mono, ConsumerPath, [server.BaseUrl.ToString(), LocalServerOptions.DefaultApiKey, .. ids], cancellationToken);
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(values.GetValueOrDefault("runtime"), Does.StartWith("Mono "), output);
            Assert.That(values.GetValueOrDefault("client_framework"), Is.EqualTo(".NETStandard,Version=v2.0"), output);
            Assert.That(values.GetValueOrDefault("deleted"), Is.EqualTo("12"), output);
            Assert.That(values.GetValueOrDefault("rate_limit"), Is.EqualTo("5"), output);
            Assert.That(values.GetValueOrDefault("not_found_status"), Is.EqualTo("404"), output);
            Assert.That(values.GetValueOrDefault("rate_limited_error"), Is.EqualTo("rate_limit_exceeded"), output);
            Assert.That(values.GetValueOrDefault("auth_status"), Is.EqualTo("401"), output);
            Assert.That(values.GetValueOrDefault("auth_message_has_key"), Is.EqualTo("False"), output);
            Assert.That(server.RemainingMemoryCount, Is.Zero);
        });

        // The program ran the packed netstandard2.0 DLL, not a project build.
        Assert.That(File.ReadAllBytes(values["client_path"]), Is.EqualTo(PackageFile.Read("lib/netstandard2.0/Datagrid.Client.dll")));
    }
}
