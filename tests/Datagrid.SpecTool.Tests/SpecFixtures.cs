using Datagrid.SpecTool.Comparison;
using Datagrid.SpecTool.Loading;

namespace Datagrid.SpecTool.Tests;

/// <summary>Helpers to load inline specs and compare them in-process.</summary>
internal static class SpecFixtures
{
    public static LoadedSpec Load(string yaml, string name = "fixture.yaml") => SpecLoader.Load(new SourceText(name, yaml));

    public static ContractReport Diff(string oldYaml, string newYaml) => ContractComparer.Compare(Load(oldYaml).Document, Load(newYaml).Document);

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
