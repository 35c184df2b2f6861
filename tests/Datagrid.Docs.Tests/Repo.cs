using System.Reflection;

namespace Datagrid.Docs.Tests;

/// <summary>Paths in the repository, from the root the build recorded (no guessing relative to the test's folder).</summary>
internal static class Repo
{
    public static string Root { get; } = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static string Articles => Path.Combine(Root, "build", "docs", "articles");

    public static string Site => Path.Combine(Root, "artifacts", "docs");

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts])).ReplaceLineEndings("\n");
}
