using System.Diagnostics;

namespace Datagrid.SpecTool.Tests;

/// <summary>
/// Runs build/check-contract.sh against scratch git repositories to pin the CI rule: breaking spec changes since the
/// base revision fail unless the major part of VersionPrefix moved (the minor part while the package is 0.x). Uses the tool built for these tests (SPECTOOL_DLL).
/// Each run starts the tool (about a second of JIT), so the fixture's tests run in parallel.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class CheckContractScriptTests
{
    private static readonly string BreakingSpec = BaseSpec.With(("operationId: Items.get", "operationId: Items.fetch"));
    private static readonly string WarningSpec = BaseSpec.With(("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: number}}"));
    private static readonly string StricterSpec = BaseSpec.With(("enum: [a, b]", "enum: [a]"));
    private static readonly string AdditiveSpec = BaseSpec.With(("\n        count: {type: integer}", "\n        count: {type: integer}\n        colour: {type: string}"));

    [Test]
    public void BreakingChangeWithoutMajorBumpFails()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", BreakingSpec);

        var result = RunScript(repo.Path);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Output, Does.Contain("with v0.3.0 (last release tag)").And.Contain("major version is still 0"));
    }

    [Test]
    public void BreakingChangeOfA0xPackagePassesWhenTheMinorOrMajorVersionMoved()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", BreakingSpec);

        repo.Write("Directory.Build.props", Props("0.3.1"));
        var patchBump = RunScript(repo.Path);
        repo.Write("Directory.Build.props", Props("0.4.0"));
        var minorBump = RunScript(repo.Path);
        repo.Write("Directory.Build.props", Props("1.0.0"));
        var majorBump = RunScript(repo.Path);

        Assert.That(patchBump.ExitCode, Is.EqualTo(1), patchBump.Output);
        Assert.That(patchBump.Output, Does.Contain("the 0.x minor version is still 3 (was 3)").And.Contain("raise the minor part of VersionPrefix"));
        Assert.That(minorBump.ExitCode, Is.Zero, minorBump.Output);
        Assert.That(minorBump.Output, Does.Contain("0.x minor version moved from 0.3 to 0.4"));
        Assert.That(majorBump.ExitCode, Is.Zero, majorBump.Output);
        Assert.That(majorBump.Output, Does.Contain("major version moved from 0 to 1"));
    }

    [Test]
    public void BreakingChangeFrom1xOnNeedsTheMajorVersion()
    {
        using var repo = NewRepo();
        repo.Write("Directory.Build.props", Props("1.2.0"));
        Commit(repo.Path, "release");
        GitCommand.Run(repo.Path, "tag", "v1.2.0");
        repo.Write("openapi/datagrid.yaml", BreakingSpec);

        repo.Write("Directory.Build.props", Props("1.3.0"));
        var minorBump = RunScript(repo.Path);
        repo.Write("Directory.Build.props", Props("2.0.0"));
        var majorBump = RunScript(repo.Path);

        Assert.That(minorBump.ExitCode, Is.EqualTo(1), minorBump.Output);
        Assert.That(minorBump.Output, Does.Contain("major version is still 1 (was 1)").And.Contain("raise the major part of VersionPrefix"));
        Assert.That(majorBump.ExitCode, Is.Zero, majorBump.Output);
    }

    [Test]
    public void NonBreakingChangePasses()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", AdditiveSpec);

        var result = RunScript(repo.Path);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("no breaking changes since v0.3.0"));
    }

    [Test]
    public void WarningsPassAndAreCountedUnlessFailOnWarning()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", WarningSpec);

        var lenient = RunScript(repo.Path);
        var strict = RunScript(repo.Path, ("CONTRACT_FAIL_ON", "warning"));

        Assert.That(lenient.ExitCode, Is.Zero, lenient.Output);
        Assert.That(lenient.Output, Does.Contain("WARNING   parameter.type-widened").And.Contain("1 warning(s) above may affect some callers"));
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Output);
        Assert.That(strict.Output, Does.Contain("warning changes since v0.3.0, but the major version is still 0"));
    }

    [Test]
    public void RelaxedRuleTurnsAStricterBreakingChangeIntoAWarning()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", StricterSpec);

        var strict = RunScript(repo.Path);
        var relaxed = RunScript(repo.Path, ("CONTRACT_RELAX", "response-enum.value-removed"));

        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Output);
        Assert.That(relaxed.ExitCode, Is.Zero, relaxed.Output);
        Assert.That(relaxed.Output, Does.Contain("WARNING   response-enum.value-removed"));
    }

    [Test]
    public void MarkdownChangeLogIsWrittenOnRequest()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", BreakingSpec);

        var result = RunScript(repo.Path, ("CONTRACT_MARKDOWN", "changes.md"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "changes.md")), Does.StartWith("## API changes").And.Contain("**breaking** `operation-id.changed`"));
    }

    [Test]
    public void InvalidSpecFailsWithExitTwo()
    {
        using var repo = ReleasedRepo();
        repo.Write("openapi/datagrid.yaml", "foo: bar\n");

        Assert.That(RunScript(repo.Path).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void WithoutTagOrOriginMainTheCheckIsSkipped()
    {
        using var repo = NewRepo();
        Commit(repo.Path, "spec");

        var result = RunScript(repo.Path);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("skipped"));
    }

    [Test]
    public void ContractBaseVariableOverridesTheTag()
    {
        // The spec does not exist at the chosen base, which the script reports without running the tool.
        using var repo = NewRepo();
        File.Delete(Path.Combine(repo.Path, "openapi", "datagrid.yaml"));
        Commit(repo.Path, "before the spec");
        repo.Write("openapi/datagrid.yaml", BaseSpec.Yaml);
        Commit(repo.Path, "spec");
        GitCommand.Run(repo.Path, "tag", "v0.3.0");

        var result = RunScript(repo.Path, ("CONTRACT_BASE", "HEAD~1"));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("does not exist at HEAD~1 ($CONTRACT_BASE)"));
    }

    [Test]
    public void WithoutTagTheCommittedBaselineIsTheBase()
    {
        using var repo = NewRepo();
        repo.Write("build/baseline/datagrid.yaml", BaseSpec.Yaml);
        repo.Write("build/baseline/version.txt", "0.3.0\n");
        repo.Write("openapi/datagrid.yaml", BreakingSpec);
        Commit(repo.Path, "spec changed since the release recorded in build/baseline");

        var result = RunScript(repo.Path);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Output, Does.Contain("with build/baseline/ (0.3.0) (the committed baseline of the last release)")
            .And.Contain("major version is still 0 (was 0)"));
    }

    [Test]
    public void CSharpApiGateFailsOnAParameterInsertedBeforeTheTokenWhileTheWireGatePasses()
    {
        using var repo = ReleasedRepoWithListing();
        repo.Write("openapi/datagrid.yaml", AdditiveSpec);
        var listing = repo.Write("regenerated.api.cs", Listing.Replace("(string id, System.Threading.CancellationToken", "(string id, bool? hardDelete = null, System.Threading.CancellationToken", StringComparison.Ordinal));

        var result = RunScript(repo.Path, ("CONTRACT_API_LISTING", listing), ("CONTRACT_MARKDOWN", "changes.md"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Output, Does.Contain("BREAKING member.changed").And.Contain("bool? hardDelete = null"));
        Assert.That(result.Output, Does.Contain("check-contract: wire: OK (0 breaking, 0 warning, 1 info), C# API: FAILED (1 breaking, 0 warning, 0 info)"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "changes.md")), Does.StartWith("## API changes")
            .And.Contain("#### C# API").And.Contain("**breaking** `member.changed`").And.Contain("C# API: FAILED"));
    }

    [Test]
    public void BothGatesPassAnAdditiveChangeAndShowBothVerdicts()
    {
        using var repo = ReleasedRepoWithListing();
        repo.Write("openapi/datagrid.yaml", AdditiveSpec);
        var listing = repo.Write("regenerated.api.cs", Listing.Replace("    public sealed class ItemsGetParameters\n    {\n", "    public sealed class ItemsGetParameters\n    {\n        public string? Colour { get; set; }\n", StringComparison.Ordinal));

        var result = RunScript(repo.Path, ("CONTRACT_API_LISTING", listing));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("check-contract: wire: OK (0 breaking, 0 warning, 1 info), C# API: OK (0 breaking, 0 warning, 1 info)"));
    }

    [Test]
    public void CSharpApiBreakPassesWhenTheMajorVersionMoved()
    {
        using var repo = ReleasedRepoWithListing();
        repo.Write("Directory.Build.props", Props("1.0.0"));
        var listing = repo.Write("regenerated.api.cs", Listing.Replace("public sealed class ItemsGetParameters", "public class ItemsGetParameters", StringComparison.Ordinal));

        var result = RunScript(repo.Path, ("CONTRACT_API_LISTING", listing));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("C# API: OK, major version moved (1 breaking, 0 warning, 0 info)"));
    }

    [Test]
    public void CSharpApiBreakOfA0xPackagePassesWhenTheMinorVersionMoved()
    {
        using var repo = ReleasedRepoWithListing();
        repo.Write("Directory.Build.props", Props("0.4.0"));
        var listing = repo.Write("regenerated.api.cs", Listing.Replace("public sealed class ItemsGetParameters", "public readonly struct ItemsGetParameters", StringComparison.Ordinal));

        var result = RunScript(repo.Path, ("CONTRACT_API_LISTING", listing));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("C# API: OK, 0.x minor version moved (").And.Contain("0.x minor version moved from 0.3 to 0.4"));
    }

    private const string Listing = """
        namespace Datagrid
        {
            public sealed class ItemsGetParameters
            {
                public ItemsGetParameters() { }
            }
            public class ItemsClient
            {
                public virtual System.Threading.Tasks.Task GetAsync(string id, System.Threading.CancellationToken cancellationToken = default) { }
            }
        }

        """;

    private static TempDirectory ReleasedRepoWithListing()
    {
        var repo = NewRepo();
        repo.Write("src/Datagrid.Client/api/Datagrid.Client.cs", Listing);
        Commit(repo.Path, "release");
        GitCommand.Run(repo.Path, "tag", "v0.3.0");
        return repo;
    }

    private static TempDirectory NewRepo()
    {
        var repo = new TempDirectory();
        foreach (var script in new[] { "check-contract.sh", "spectool.sh" })
        {
            File.Copy(Path.Combine(SpecFixtures.RepoRoot(), "build", script), repo.Write(Path.Combine("build", script), string.Empty), overwrite: true);
        }

        repo.Write("Directory.Build.props", Props("0.3.0"));
        repo.Write("openapi/datagrid.yaml", BaseSpec.Yaml);
        GitCommand.Run(repo.Path, "init", "-q");
        return repo;
    }

    private static TempDirectory ReleasedRepo()
    {
        var repo = NewRepo();
        Commit(repo.Path, "release");
        GitCommand.Run(repo.Path, "tag", "v0.3.0");
        return repo;
    }

    private static string Props(string version) => $"<Project>\n  <PropertyGroup>\n    <VersionPrefix>{version}</VersionPrefix>\n  </PropertyGroup>\n</Project>\n";

    private static void Commit(string directory, string message)
    {
        GitCommand.Run(directory, "add", "-A");
        GitCommand.Run(directory, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message);
    }

    private static (int ExitCode, string Output) RunScript(string repo, params (string Name, string Value)[] environment)
    {
        var startInfo = new ProcessStartInfo("bash") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(Path.Combine(repo, "build", "check-contract.sh"));
        startInfo.Environment["SPECTOOL_DLL"] = Path.Combine(TestContext.CurrentContext.TestDirectory, "Datagrid.SpecTool.dll");
        startInfo.Environment["APICONTRACT_DLL"] = Path.Combine(TestContext.CurrentContext.TestDirectory, "Datagrid.ApiContract.dll");
        startInfo.Environment.Remove("CONTRACT_BASE");
        startInfo.Environment.Remove("CONTRACT_API_LISTING");
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
