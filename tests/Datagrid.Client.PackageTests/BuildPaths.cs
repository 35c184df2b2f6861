using System.Reflection;

namespace Datagrid.Client.PackageTests;

/// <summary>Paths the project file bakes in at build time (AssemblyMetadata in Datagrid.Client.PackageTests.csproj).</summary>
internal static class BuildPaths
{
    public static string Get(string key) => typeof(BuildPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
