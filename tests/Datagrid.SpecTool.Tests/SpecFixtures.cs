using Datagrid.SpecTool.Comparison;
using Datagrid.SpecTool.Loading;

namespace Datagrid.SpecTool.Tests;

/// <summary>Helpers to load inline specs and compare them in-process.</summary>
internal static class SpecFixtures
{
    public static LoadedSpec Load(string yaml, string name = "fixture.yaml") => SpecLoader.Load(new SourceText(name, yaml));

    /// <summary>Compares two specs loaded the way the diff command loads them (leniently).</summary>
    public static ContractReport Diff(string oldYaml, string newYaml) =>
        ContractComparer.Compare(SpecLoader.Load(new SourceText("old.yaml", oldYaml), LoadMode.Lenient).Document, SpecLoader.Load(new SourceText("new.yaml", newYaml), LoadMode.Lenient).Document);

    public static string FixturePath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);

    public static string RepoRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Datagrid.Generated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (Datagrid.Generated.sln) not found above the test directory.");
    }
}
