using System.Diagnostics;
using System.Text.Json;

namespace Datagrid.SpecTool.Tests;

public class DiffCommandTests
{
    private static readonly string Breaking = BaseSpec.With(("operationId: Items.get", "operationId: Items.fetch"));
    private static readonly string Additive = BaseSpec.With(("\n        count: {type: integer}", "\n        count: {type: integer}\n        colour: {type: string}"));

    [Test]
    public void ExitCodeIsZeroWhenNothingChanges()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", BaseSpec.Yaml);

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout, Does.Contain("No contract changes"));
    }

    [Test]
    public void ExitCodeIsZeroForNonBreakingChangesWhichAreStillListed()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", Additive);

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout, Does.Contain("GET /items/{item_id} (Items.get)"));
        Assert.That(result.Stdout, Does.Contain("INFO      response-property.added: response 200 (application/json).colour (string) added."));
        Assert.That(result.Stdout, Does.Contain("0 breaking, 0 warning, 1 info change(s)."));
    }

    [Test]
    public void ExitCodeIsOneForBreakingChanges()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", Breaking);

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain("BREAKING  operation-id.changed"));
    }

    [TestCase("missing.yaml", "File not found: missing.yaml")]
    [TestCase("bad.yaml", "not a valid OpenAPI 3.x document")]
    [TestCase("git:no-such-rev:old.yaml", "git could not read")]
    [TestCase("git:HEAD", "not of the form git:REV:path")]
    public void ExitCodeIsTwoForBadInput(string newSource, string message)
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("bad.yaml", "foo: bar\n");

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", newSource);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(message));
        Assert.That(result.Stdout, Is.Empty);
    }

    [TestCase("", TestName = "No arguments")]
    [TestCase("diff only-one.yaml", TestName = "diff with one spec")]
    [TestCase("diff a b --yaml", TestName = "diff with unknown option")]
    [TestCase("frobnicate", TestName = "Unknown command")]
    [TestCase("update", TestName = "update without SOURCE")]
    [TestCase("update a.yaml --out", TestName = "update with --out but no path")]
    public void ExitCodeIsTwoForBadCommandLines(string commandLine)
    {
        using var dir = new TempDirectory();
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var result = ToolRunner.Run(dir.Path, args);

        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void JsonOutputHasTheDocumentedShape()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", BaseSpec.Apply(Breaking, ("\n        count: {type: integer}", "\n        count: {type: integer}\n        colour: {type: string}")));

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "old", "new", "breaking", "failed", "summary", "changes" }));
        Assert.That(root.GetProperty("old").GetString(), Is.EqualTo("old.yaml"));
        Assert.That(root.GetProperty("breaking").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("summary").GetProperty("breaking").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("failed").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("summary").GetProperty("warning").GetInt32(), Is.Zero);
        Assert.That(root.GetProperty("summary").GetProperty("info").GetInt32(), Is.EqualTo(1));
        var changes = root.GetProperty("changes").EnumerateArray().ToList();
        Assert.That(changes, Has.Count.EqualTo(2));
        Assert.That(changes[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "scope", "operationId", "rule", "level", "severity", "why", "message" }));
        Assert.That(changes.Select(c => (c.GetProperty("rule").GetString(), c.GetProperty("level").GetString())), Is.EquivalentTo(new[]
        {
            ("operation-id.changed", "breaking"),
            ("response-property.added", "info"),
        }));
        Assert.That(changes.Select(c => c.GetProperty("why").GetString()), Has.All.Not.Empty);
        Assert.That(changes.Select(c => c.GetProperty("scope").GetString()), Has.All.EqualTo("GET /items/{item_id}"));
    }

    [Test]
    public void JsonOutputForNoChangesIsAnEmptyList()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "old.yaml", "--json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(json.RootElement.GetProperty("breaking").GetBoolean(), Is.False);
        Assert.That(json.RootElement.GetProperty("changes").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void GitRevisionSourceReadsTheCommittedVersion()
    {
        using var dir = new TempDirectory();
        GitCommand.Run(dir.Path, "init", "-q");
        dir.Write("spec.yaml", BaseSpec.Yaml);
        GitCommand.Run(dir.Path, "add", "spec.yaml");
        GitCommand.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "spec");
        dir.Write("spec.yaml", Breaking);

        var result = ToolRunner.Run(dir.Path, "diff", "git:HEAD:spec.yaml", "spec.yaml");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("operationId changed from 'Items.get' to 'Items.fetch'"));
    }

    [Test]
    public void InvalidButReadableSpecIsComparedAndItsErrorsAreFindings()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", BaseSpec.Apply(Breaking, ("          description: ok\n", string.Empty)));

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.That(changes.Select(c => (c.GetProperty("rule").GetString(), c.GetProperty("level").GetString())), Does.Contain(("document.invalid", "warning")).And.Contain(("operation-id.changed", "breaking")));
        Assert.That(changes.First(c => c.GetProperty("rule").GetString() == "document.invalid").GetProperty("message").GetString(), Does.Contain("description"));
    }

    [Test]
    public void InvalidOldSpecIsAnInfoFinding()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.With(("          description: ok\n", string.Empty)));
        dir.Write("new.yaml", BaseSpec.Yaml);

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("INFO      document.base-invalid: old.yaml:"));
    }

    [Test]
    public void FailOnWarningTurnsAWarningIntoExitOne()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", BaseSpec.With(("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: number}}")));

        var byDefault = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml");
        var failOnWarning = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml", "--fail-on", "warning");

        Assert.That(byDefault.ExitCode, Is.Zero, byDefault.Stdout);
        Assert.That(byDefault.Stdout, Does.Contain("WARNING   parameter.type-widened"));
        Assert.That(failOnWarning.ExitCode, Is.EqualTo(1), failOnWarning.Stdout);
    }

    [Test]
    public void MarkdownIsAChangelogWithBreakingOperationsFirst()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", BaseSpec.Apply(Additive,
            ("    post:\n      operationId: Items.create", "    put:\n      operationId: Items.create"),
            ("required: [name]", "required: []"),
            ("          description: ok\n", "          description: ok\n          headers: {X-Trace: {schema: {type: string}}}\n")));

        var result = ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml", "--format", "markdown");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Stdout);
        var text = result.Stdout;
        Assert.That(text, Does.StartWith("## API changes"));
        Assert.That(text, Does.Contain("**1 breaking**, 0 warning, 3 info."));
        var removed = text.IndexOf("### Operations removed", StringComparison.Ordinal);
        var changed = text.IndexOf("### Operations changed", StringComparison.Ordinal);
        var added = text.IndexOf("### Operations added", StringComparison.Ordinal);
        Assert.That(new[] { removed, changed, added }, Is.Ordered.And.All.GreaterThanOrEqualTo(0), text);
        Assert.That(text, Does.Contain("#### `POST /items` (Items.create)\n\n- **breaking** `method.removed`"));
        Assert.That(text, Does.Contain("#### `PUT /items` (Items.create)\n\n- info `operation.added`"));
        Assert.That(text, Does.Contain("- info `response-property.added`: response 200 (application/json).colour (string) added."));
    }

    [Test]
    public void FormatJsonIsTheSameAsTheJsonFlag()
    {
        using var dir = new TempDirectory();
        dir.Write("old.yaml", BaseSpec.Yaml);
        dir.Write("new.yaml", Breaking);

        Assert.That(ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml", "--format", "json").Stdout, Is.EqualTo(ToolRunner.Run(dir.Path, "diff", "old.yaml", "new.yaml", "--json").Stdout));
    }

    [TestCase("diff a b --format yaml", "--format takes text, json or markdown")]
    [TestCase("diff a b --fail-on info", "--fail-on takes breaking or warning")]
    [TestCase("diff a b --relax nope", "unknown rule 'nope'")]
    [TestCase("rules --frobnicate", "Unknown argument")]
    public void BadOptionValuesAreExplained(string commandLine, string message)
    {
        using var dir = new TempDirectory();
        dir.Write("a", BaseSpec.Yaml);
        dir.Write("b", BaseSpec.Yaml);

        var result = ToolRunner.Run(dir.Path, commandLine.Split(' '));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public void RulesCommandListsEveryRuleWithLevelAndWhy()
    {
        using var dir = new TempDirectory();

        var result = ToolRunner.Run(dir.Path, "rules", "--json");

        Assert.That(result.ExitCode, Is.Zero);
        using var json = JsonDocument.Parse(result.Stdout);
        var rules = json.RootElement.EnumerateArray().ToList();
        Assert.That(rules.Select(r => r.GetProperty("id").GetString()), Is.EqualTo(Datagrid.SpecTool.Comparison.RuleCatalog.All.Select(r => r.Id)));
        Assert.That(rules.Select(r => r.GetProperty("level").GetString()), Has.All.AnyOf("breaking", "warning", "info"));
        Assert.That(rules.Select(r => r.GetProperty("why").GetString()), Has.All.Not.Empty);
        Assert.That(rules.Select(r => r.GetProperty("id").GetString()), Is.Unique);
    }

    [Test]
    public void GuideRuleTableIsTheCatalog()
    {
        var guide = File.ReadAllText(Path.Combine(SpecFixtures.RepoRoot(), "build", "docs", "articles", "api-updates.md")).ReplaceLineEndings("\n");

        Assert.That(guide, Does.Contain(Datagrid.SpecTool.Commands.RulesCommand.MarkdownTable()),
            "build/docs/articles/api-updates.md's rule table differs from the catalog: paste the output of `build/spectool.sh rules --format markdown`.");
    }
}
