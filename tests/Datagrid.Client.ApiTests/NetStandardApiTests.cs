using System.Reflection;
using System.Runtime.Loader;

namespace Datagrid.Client.ApiTests;

/// <summary>
/// The package's two builds have one public API: the netstandard2.0 assembly's listing equals the approved one (which
/// the net10.0 build is held to by <see cref="PublicApiApprovalTests"/>). A member added under <c>#if NET</c> only,
/// or a type that differs by target, fails here.
/// </summary>
public class NetStandardApiTests
{
    [Test]
    public void NetStandardBuildHasTheApprovedApi()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "netstandard2.0", "Datagrid.Client.dll");
        Assert.That(File.Exists(path), $"{path} is missing: the test project's build copies the netstandard2.0 build there.");

        // Its own context, since the net10.0 Datagrid.Client is already loaded; its dependencies come from the default
        // context (Load returns null), where the Bcl packages' net10.0 assets forward to the runtime's types.
        var context = new AssemblyLoadContext("netstandard2.0", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            Assert.That(assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()?.FrameworkName, Does.StartWith(".NETStandard,Version=v2.0"));

            var approved = File.ReadAllText(RepoPaths.Combine("src", "Datagrid.Client", "api", "Datagrid.Client.cs")).ReplaceLineEndings("\n");
            var listing = Datagrid.ApiListing.ApiListing.Generate(assembly);
            if (PublicApiApprovalTests.MismatchMessage(approved, listing) is { } message)
            {
                Assert.Fail("netstandard2.0 build: " + message);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
