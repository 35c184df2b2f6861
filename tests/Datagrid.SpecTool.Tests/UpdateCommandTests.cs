using System.Net;
using System.Net.Sockets;

namespace Datagrid.SpecTool.Tests;

public class UpdateCommandTests
{
    private const string Target = "openapi/datagrid.yaml";
    private const string PreviousText = "# checked in\n" + BaseSpec.Yaml + "\n";

    [Test]
    public void PageUpdateWritesTheExtractedYamlVerbatimAndPrintsTheDiff()
    {
        using var dir = new TempDirectory();
        dir.Write(Target, BaseSpec.Yaml);
        var page = File.ReadAllText(SpecFixtures.FixturePath("delete-user-memory.page.md"));
        dir.Write("page.md", page);

        var result = ToolRunner.Run(dir.Path, "update", "page.md");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, Target)), Is.EqualTo(File.ReadAllText(Path.Combine(SpecFixtures.RepoRoot(), "openapi", "datagrid.yaml"))));
        Assert.That(result.Stdout, Does.Contain($"Wrote {Target} from page.md"));
        Assert.That(result.Stdout, Does.Contain("path.removed"));
        Assert.That(result.Stdout, Does.Contain("operation.added"));
        Assert.That(result.Stdout, Does.Contain("raise the major version"));
        Assert.That(Directory.GetFiles(Path.Combine(dir.Path, "openapi")), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public void OutOptionChoosesTheTargetAndAMissingPreviousFileIsFine()
    {
        using var dir = new TempDirectory();
        dir.Write("spec.yaml", BaseSpec.Yaml);

        var result = ToolRunner.Run(dir.Path, "update", "spec.yaml", "--out", "elsewhere/api.yaml");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "elsewhere/api.yaml")), Is.EqualTo(BaseSpec.Yaml + "\n"));
        Assert.That(result.Stdout, Does.Contain("No previous spec"));
    }

    [Test]
    public void JsonSourceIsStoredAsEquivalentYaml()
    {
        using var dir = new TempDirectory();
        dir.Write(Target, BaseSpec.Yaml);
        dir.Write("spec.json", """{"openapi":"3.0.3","info":{"title":"J","version":"1"},"servers":[{"url":"https://api.example.com/v1"}],"paths":{}}""");

        var result = ToolRunner.Run(dir.Path, "update", "spec.json");

        var written = File.ReadAllText(Path.Combine(dir.Path, Target));
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(written, Does.StartWith("openapi: 3.0"));
        Assert.That(written, Does.Contain("title: J"));
        Assert.That(SpecFixtures.Load(written).Document.Servers?[0].Url, Is.EqualTo("https://api.example.com/v1"));
    }

    [Test]
    public void UnchangedSpecIsReportedUpToDate()
    {
        using var dir = new TempDirectory();
        dir.Write(Target, BaseSpec.Yaml + "\n");
        dir.Write("spec.yaml", BaseSpec.Yaml);

        var result = ToolRunner.Run(dir.Path, "update", "spec.yaml");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout, Does.Contain("already up to date"));
    }

    [Test]
    public void UrlSourceIsFetched()
    {
        using var dir = new TempDirectory();
        using var server = new OneShotHttpServer(File.ReadAllText(SpecFixtures.FixturePath("delete-user-memory.page.md")));

        var result = ToolRunner.Run(dir.Path, "update", server.Url);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, Target)), Does.Contain("operationId: Memory.deleteUserMemory"));
    }

    public static IEnumerable<TestCaseData> BadSources()
    {
        yield return new TestCaseData("page.md", "# Delete User Memory\n\nProse, but the spec block is missing.\n", "no OpenAPI spec found in the page").SetName("Page without spec");
        yield return new TestCaseData("bad.yaml", "openapi: 3.0.3\ninfo: [unclosed\n  x: : :", "not a valid OpenAPI 3.x document").SetName("Invalid YAML");
        yield return new TestCaseData("other.yaml", "name: my-app\nversion: 2\n", "not a valid OpenAPI 3.x document").SetName("YAML that is not OpenAPI");
        yield return new TestCaseData("swagger.yaml", "swagger: '2.0'\ninfo: {title: a, version: '1'}\npaths: {}\n", "expect OpenAPI 3.x").SetName("Swagger 2.0");
        yield return new TestCaseData("missing.yaml", null, "File not found: missing.yaml").SetName("Missing file");
        yield return new TestCaseData($"http://127.0.0.1:{ClosedPort()}/spec.yaml", null, "Could not fetch").SetName("Unreachable URL");
    }

    [TestCaseSource(nameof(BadSources))]
    public void BadSourceExitsTwoAndLeavesTheTargetUntouched(string source, string? content, string message)
    {
        using var dir = new TempDirectory();
        var target = dir.Write(Target, PreviousText);
        var before = File.GetLastWriteTimeUtc(target);
        if (content is not null)
        {
            dir.Write(source, content);
        }

        var result = ToolRunner.Run(dir.Path, "update", source);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.StartWith("error: ").And.Contain(message));
        Assert.That(File.ReadAllText(target), Is.EqualTo(PreviousText));
        Assert.That(File.GetLastWriteTimeUtc(target), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(target)!), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public void HttpErrorStatusExitsTwo()
    {
        using var dir = new TempDirectory();
        var target = dir.Write(Target, PreviousText);
        using var server = new OneShotHttpServer("gone", HttpStatusCode.NotFound);

        var result = ToolRunner.Run(dir.Path, "update", server.Url);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("HTTP 404"));
        Assert.That(File.ReadAllText(target), Is.EqualTo(PreviousText));
    }

    // A port that was just free: connecting to it is refused at once, with no timeout to wait for.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
