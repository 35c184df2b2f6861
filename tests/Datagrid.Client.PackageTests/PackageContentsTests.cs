using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;

namespace Datagrid.Client.PackageTests;

/// <summary>What nuget.org users get: readme, licence, repository, XML docs for the public API, symbols.</summary>
public class PackageContentsTests
{
    [Test]
    public void Nuspec_HasLicenceReadmeRepositoryAndVersion()
    {
        var nuspec = XDocument.Parse(PackageFile.ReadText("Datagrid.Client.nuspec"));
        XNamespace ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Element(ns + "id")?.Value, Is.EqualTo("Datagrid.Client"));
            Assert.That(metadata.Element(ns + "version")?.Value, Is.EqualTo(PackageFile.Version));
            Assert.That(metadata.Element(ns + "license")?.Attribute("type")?.Value, Is.EqualTo("expression"));
            Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "repository")?.Attribute("url")?.Value, Does.StartWith("https://"));
            Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Empty);
        });
    }

    [Test]
    public void Package_ShipsTheReadmeAndXmlDocsForThePublicApi()
    {
        var readme = PackageFile.ReadText("README.md");
        var docs = PackageFile.ReadText("lib/net10.0/Datagrid.Client.xml");

        Assert.Multiple(() =>
        {
            Assert.That(readme, Does.Contain("## Quick start"));
            Assert.That(docs, Does.Contain("M:Datagrid.MemoryClient.DeleteUserMemoryAsync(System.String,System.Threading.CancellationToken)"));
            Assert.That(docs, Does.Contain("M:Microsoft.Extensions.DependencyInjection.DatagridServiceCollectionExtensions.AddDatagridClient"));
            Assert.That(docs, Does.Contain("T:Datagrid.DatagridClientOptions"));
        });
    }

    [Test]
    public void Package_HasANetStandard20Build_WithItsOwnDependencies()
    {
        var nuspec = XDocument.Parse(PackageFile.ReadText("Datagrid.Client.nuspec"));
        XNamespace ns = nuspec.Root!.GetDefaultNamespace();
        var groups = nuspec.Descendants(ns + "group").ToDictionary(
            g => g.Attribute("targetFramework")!.Value,
            g => g.Elements(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList());

        Assert.Multiple(() =>
        {
            Assert.That(PackageFile.Read("lib/netstandard2.0/Datagrid.Client.dll"), Is.Not.Empty);
            Assert.That(PackageFile.ReadText("lib/netstandard2.0/Datagrid.Client.xml"), Does.Contain("T:Datagrid.DatagridClientOptions"));
            Assert.That(groups.Keys, Is.EquivalentTo(new[] { "net10.0", ".NETStandard2.0" }));
            // The polyfills are the runtime's own on .NET 10; the source-only Polyfill package is never a dependency.
            Assert.That(groups[".NETStandard2.0"], Does.Contain("Microsoft.Bcl.TimeProvider").And.Not.Contain("Polyfill"));
            Assert.That(groups["net10.0"], Does.Not.Contain("Microsoft.Bcl.TimeProvider").And.Not.Contain("Polyfill"));
        });
    }

    [Test]
    public void RedisPackage_HasBothBuilds()
    {
        var redis = Path.Combine(Path.GetDirectoryName(PackageFile.Path)!, $"Datagrid.Client.Redis.{PackageFile.Version}.nupkg");
        using var zip = ZipFile.OpenRead(redis);

        Assert.That(zip.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)),
            Is.EquivalentTo(new[] { "lib/net10.0/Datagrid.Client.Redis.dll", "lib/netstandard2.0/Datagrid.Client.Redis.dll" }));
    }

    [Test]
    public void PackageReadme_LinksOnlyToAbsoluteAddresses()
    {
        // nuget.org shows the README alone: a relative link (build/docs/articles/cli.md) would be dead there.
        var readme = PackageFile.ReadText("README.md");
        var targets = System.Text.RegularExpressions.Regex.Matches(readme, @"\]\((?<url>[^)\s]+)\)").Select(m => m.Groups["url"].Value).ToList();

        Assert.That(targets, Is.Not.Empty, "the README has links");
        Assert.That(targets.Where(url => !url.StartsWith("https://", StringComparison.Ordinal) && !url.StartsWith('#')), Is.Empty);
        Assert.That(targets, Has.Some.StartsWith("https://github.com/datagrid-dotnet/datagrid-dotnet/blob/main/build/docs/articles/"));
    }

    [Test]
    public void SymbolPackage_HasThePdb_WithTheGeneratedClientAmongItsSources()
    {
        var symbols = Path.ChangeExtension(PackageFile.Path, ".snupkg");
        Assert.That(File.Exists(symbols), Is.True, $"{symbols} is missing; IncludeSymbols/SymbolPackageFormat=snupkg in build/Packaging.props");

        using var zip = ZipFile.OpenRead(symbols);
        var entry = zip.GetEntry("lib/net10.0/Datagrid.Client.pdb");
        Assert.That(entry, Is.Not.Null, "the .snupkg has no lib/net10.0/Datagrid.Client.pdb");
        using var pdb = new MemoryStream();
        using (var stream = entry!.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var generated = reader.Documents.Select(reader.GetDocument)
            .Where(d => reader.GetString(d.Name).EndsWith("DatagridClient.g.cs", StringComparison.Ordinal))
            .ToList();

        // The NSwag output in obj/ is compiled into the package although it is never committed.
        Assert.That(generated, Has.Count.EqualTo(1));
    }
}
