using System.Reflection;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>The README's worker sample is the file CI compiles (tests/Datagrid.Samples), character for character.</summary>
public class ReadmeSampleTests
{
    private static readonly string RepoRoot = typeof(ReadmeSampleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    [Test]
    public void Readme_ShowsTheCompiledWorkerSampleVerbatim()
    {
        var sample = Normalise(File.ReadAllText(Path.Combine(RepoRoot, "tests", "Datagrid.Samples", "WorkerSample.cs")));
        var readme = Normalise(File.ReadAllText(Path.Combine(RepoRoot, "README.md")));

        Assert.That(readme, Does.Contain("```csharp\n" + sample + "```"),
            "README.md must contain tests/Datagrid.Samples/WorkerSample.cs unchanged in a ```csharp block; copy the file into the README.");
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
