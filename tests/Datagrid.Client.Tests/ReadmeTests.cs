namespace Datagrid.Client.Tests;

public class ReadmeTests
{
    [Test]
    public void TheReadmeQuickStartIsTheCompiledOne()
    {
        var root = RepoRoot();
        var source = File.ReadAllLines(Path.Combine(root, "tests", "Datagrid.Client.Tests", "QuickStart.cs"));
        var start = Array.FindIndex(source, l => l.Contains("// <quickstart>", StringComparison.Ordinal));
        var end = Array.FindIndex(source, l => l.Contains("// </quickstart>", StringComparison.Ordinal));
        var indent = source[start].IndexOf('/', StringComparison.Ordinal);
        var snippet = string.Join('\n', source[(start + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToArray()).Trim();

        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.That(readme, Does.Contain(snippet), "README.md's quick start must be the code in tests/Datagrid.Client.Tests/QuickStart.cs");
    }

    internal static string RepoRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Datagrid.Generated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Datagrid.Generated.sln not found above the test directory.");
    }
}
