using Datagrid.SpecTool.Loading;

namespace Datagrid.SpecTool.Tests;

public class SpecLoaderTests
{
    [Test]
    public void SeedPageYieldsTheCheckedInSpecVerbatim()
    {
        var page = File.ReadAllText(SpecFixtures.FixturePath("delete-user-memory.page.md"));
        var checkedIn = File.ReadAllText(Path.Combine(SpecFixtures.RepoRoot(), "openapi", "datagrid.yaml"));

        var spec = SpecLoader.Load(new SourceText("seed page", page));

        Assert.That(spec.Source.FromPage, Is.True);
        Assert.That(spec.Source.Text, Is.EqualTo(checkedIn));
        Assert.That(spec.Document.Paths.Keys, Is.EquivalentTo(new[] { "/user-memories/{user_memory_id}" }));
    }

    [Test]
    public void ThreeBacktickYamlBlockAfterOtherFencesIsFound()
    {
        var page = "# Title\n\n```bash\ncurl x\n```\n\n```yaml\n" + BaseSpec.Yaml + "\n```\n";

        var spec = SpecLoader.Load(new SourceText("page", page));

        Assert.That(spec.Document.Info.Title, Is.EqualTo("Fixture"));
    }

    [Test]
    public void RawYamlStartingWithACommentIsNotMistakenForAPage()
    {
        var spec = SpecLoader.Load(new SourceText("raw", "# Datagrid API\n" + BaseSpec.Yaml));

        Assert.That(spec.Source.FromPage, Is.False);
    }

    [Test]
    public void RawJsonIsRead()
    {
        const string json = """{"openapi":"3.0.3","info":{"title":"J","version":"1"},"paths":{}}""";

        var spec = SpecLoader.Load(new SourceText("raw.json", json));

        Assert.That(spec.Source.Format, Is.EqualTo(SpecFormat.Json));
        Assert.That(spec.Document.Info.Title, Is.EqualTo("J"));
    }

    [TestCase("# Delete User Memory\n\nNo spec here, only prose.\n", "no OpenAPI spec found in the page", TestName = "Page without any fenced block")]
    [TestCase("# Page\n```bash\ncurl x\n```\n", "no OpenAPI spec found in the page", TestName = "Page with only a non-yaml block")]
    [TestCase("openapi: 3.0.3\ninfo: [unclosed\n  x: : :", "not", TestName = "Invalid YAML")]
    [TestCase("foo: bar\n", "not a valid OpenAPI 3.x document", TestName = "YAML that is not OpenAPI")]
    [TestCase("swagger: '2.0'\ninfo: {title: a, version: '1'}\npaths: {}\n", "expect OpenAPI 3.x", TestName = "Swagger 2.0")]
    [TestCase("openapi: 3.0.3\npaths: {}\n", "REQUIRED", TestName = "OpenAPI with diagnostic errors")]
    [TestCase("   \n", "is empty", TestName = "Empty input")]
    [TestCase("```yaml\nopenapi: 3.0.3\n", "never closed", TestName = "Unclosed fence")]
    public void BadInputIsRefusedWithAClearMessage(string text, string expected)
    {
        var error = Assert.Throws<SpecInputException>(() => SpecLoader.Load(new SourceText("input", text)));

        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.StartWith("input"));
    }

    [Test]
    public void DanglingSchemaReferenceIsRefused()
    {
        var broken = BaseSpec.With(("$ref: '#/components/schemas/Item'", "$ref: '#/components/schemas/Nope'"));

        var error = Assert.Throws<SpecInputException>(() => SpecFixtures.Load(broken));

        Assert.That(error!.Message, Does.Contain("Nope"));
    }

    [Test]
    public void UndefinedSecuritySchemeIsRefused()
    {
        var broken = BaseSpec.With(("  - Bearer: []", "  - Missing: []"));

        var error = Assert.Throws<SpecInputException>(() => SpecFixtures.Load(broken));

        Assert.That(error!.Message, Does.Contain("security scheme 'Missing' is not defined"));
    }

    [Test]
    public void LenientModeReadsAnInvalidSpecAndListsItsErrors()
    {
        var invalid = BaseSpec.With(("          description: ok\n", string.Empty), ("      responses:\n        '201':\n          description: created", "      responses: {}"));

        var spec = SpecLoader.Load(new SourceText("input", invalid), LoadMode.Lenient);

        Assert.That(spec.Document.Paths, Has.Count.EqualTo(2));
        Assert.That(spec.Problems, Has.Some.Contains("description").And.Some.Contains("at least one response"));
        Assert.Throws<SpecInputException>(() => SpecLoader.Load(new SourceText("input", invalid)));
    }

    [TestCase("foo: bar\n", TestName = "Lenient: YAML that is not OpenAPI")]
    [TestCase("swagger: '2.0'\ninfo: {title: a, version: '1'}\npaths: {}\n", TestName = "Lenient: Swagger 2.0")]
    [TestCase("openapi: 3.0.3\ninfo: [unclosed\n  x: : :", TestName = "Lenient: invalid YAML")]
    public void LenientModeStillRefusesWhatIsNotAnOpenApi3Document(string text)
    {
        Assert.Throws<SpecInputException>(() => SpecLoader.Load(new SourceText("input", text), LoadMode.Lenient));
    }
}
