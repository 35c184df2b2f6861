using Datagrid.SpecTool.Comparison;
using static Datagrid.SpecTool.Comparison.RuleIds;

namespace Datagrid.SpecTool.Tests;

/// <summary>
/// One pair of specs per rule and classification. Non-breaking cases also assert that nothing else
/// in the pair is classified breaking, so a lenient rule cannot hide behind a stricter one.
/// </summary>
public class ComparisonRuleTests
{
    private const string Base = BaseSpec.Yaml;

    private static readonly string OptionalBody = BaseSpec.With(("      requestBody:\n        required: true", "      requestBody:\n        required: false"));
    private static readonly string NoBody = BaseSpec.With(("\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/NewItem'}", string.Empty));
    private static readonly string NoLimit = BaseSpec.With(("\n        - {name: limit, in: query, schema: {type: integer}}", string.Empty));

    public static IEnumerable<TestCaseData> Breaking()
    {
        // Paths, methods, operations
        yield return Case(Base, BaseSpec.With(("/items/{item_id}:", "/things/{item_id}:")), PathRemoved);
        yield return Case(Base, BaseSpec.With(("    get:\n", "    put:\n")), MethodRemoved);
        yield return Case(Base, BaseSpec.With(("operationId: Items.get", "operationId: Items.fetch")), OperationIdChanged);

        // Parameters
        yield return Case(Base, NoLimit, ParameterRemoved);
        yield return Case(Base, BaseSpec.With(("{name: limit, in: query,", "{name: max, in: query,")), ParameterRenamed);
        yield return Case(Base, BaseSpec.With(("/items/{item_id}:", "/items/{id}:"), ("{name: item_id, in: path", "{name: id, in: path")), ParameterRenamed);
        yield return Case(Base, BaseSpec.With(("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: string}}")), ParameterRetyped);
        yield return Case(Base, BaseSpec.With(("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: integer, format: int64}}")), ParameterRetyped);
        yield return Case(Base, BaseSpec.With(("{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema")), ParameterNowRequired);
        yield return Case(Base, BaseSpec.With(("\n        - {name: limit, in: query, schema: {type: integer}}", "\n        - {name: limit, in: query, schema: {type: integer}}\n        - {name: page, in: query, required: true, schema: {type: integer}}")), ParameterRequiredAdded);
        yield return Case(Base, BaseSpec.With(("enum: [fast, slow]", "enum: [fast]")), RequestEnumValueRemoved);

        // Request bodies
        yield return Case(Base, NoBody, RequestBodyRemoved);
        yield return Case(NoBody, Base, RequestBodyRequiredAdded);
        yield return Case(OptionalBody, Base, RequestBodyNowRequired);
        yield return Case(Base, BaseSpec.With(("          application/json:\n            schema: {$ref: '#/components/schemas/NewItem'}", "          text/plain:\n            schema: {$ref: '#/components/schemas/NewItem'}")), RequestMediaTypeRemoved);
        yield return Case(Base, BaseSpec.With(("\n        note: {type: string}", string.Empty)), RequestPropertyRemoved);
        yield return Case(Base, BaseSpec.With(("required: [name]", "required: [name, size]"), ("\n        note: {type: string}", "\n        note: {type: string}\n        size: {type: integer}")), RequestPropertyRequiredAdded);
        yield return Case(Base, BaseSpec.With(("required: [name]", "required: [name, note]")), RequestPropertyNowRequired);
        yield return Case(Base, BaseSpec.With(("note: {type: string}", "note: {type: boolean}")), RequestPropertyRetyped);
        yield return Case(BaseSpec.With(("note: {type: string}", "note: {type: string, nullable: true}")), Base, RequestPropertyNowNonNullable);

        // Responses
        yield return Case(Base, BaseSpec.With(("'200':", "'202':")), SuccessResponseRemoved);
        yield return Case(Base, BaseSpec.With(("\n        '429':\n          description: limited", string.Empty)), ErrorResponseRemoved);
        yield return Case(Base, BaseSpec.With(("            application/json:\n              schema: {$ref: '#/components/schemas/Item'}", "            text/csv:\n              schema: {$ref: '#/components/schemas/Item'}")), ResponseMediaTypeRemoved);
        yield return Case(Base, BaseSpec.With(("\n        count: {type: integer}", string.Empty)), ResponsePropertyRemoved);
        yield return Case(Base, BaseSpec.With(("count: {type: integer}", "count: {type: string}")), ResponsePropertyRetyped);
        yield return Case(Base, BaseSpec.With(("tags: {type: array, items: {type: string}}", "tags: {type: array, items: {type: integer}}")), ResponsePropertyRetyped);
        yield return Case(Base, BaseSpec.With(("required: [id]", "required: []")), ResponsePropertyNowOptional);
        yield return Case(Base, BaseSpec.With(("count: {type: integer}", "count: {type: integer, nullable: true}")), ResponsePropertyNowNullable);
        yield return Case(Base, BaseSpec.With(("kind: {type: string, enum: [a, b]}", "kind: {type: string, enum: [a]}")), ResponseEnumValueRemoved);

        // $refs are followed into components, including nested and recursive ones.
        yield return Case(Base, BaseSpec.With(("        name: {type: string}\n        parent:", "        parent:")), ResponsePropertyRemoved, "response 200 (application/json).owner.name");
        yield return Case(Base, BaseSpec.With(("    Item:\n", "    Thing:\n"), ("$ref: '#/components/schemas/Item'", "$ref: '#/components/schemas/Thing'")), SchemaRenamed);
        yield return Case(Base, BaseSpec.With(("\n            - {type: string}", "\n            - {type: integer}")), ResponseVariantAdded);

        // Security and servers
        yield return Case(Base, BaseSpec.With(("Bearer: {type: http, scheme: bearer}", "Bearer: {type: http, scheme: bearer}\n    Key: {type: apiKey, in: header, name: X-Key}"), ("  - Bearer: []", "  - Key: []")), SecurityTightened);
        yield return Case(Base, BaseSpec.With(("Bearer: {type: http, scheme: bearer}", "Bearer: {type: http, scheme: basic}")), SecuritySchemeChanged);
        yield return Case(Base, BaseSpec.With(("https://api.example.com/v1", "https://api.example.com/v2")), ServerChanged);
        yield return Case(Base, BaseSpec.With(("      operationId: Items.get\n", "      operationId: Items.get\n      servers:\n        - url: https://eu.example.com/v1\n")), ServerChanged);
    }

    public static IEnumerable<TestCaseData> NonBreaking()
    {
        yield return Case(Base, BaseSpec.With(("  /items:\n", "  /items/search:\n    get:\n      operationId: Items.search\n      responses:\n        '200': {description: ok}\n  /items:\n")), OperationAdded);
        yield return Case(Base, BaseSpec.With(("      summary: Get an item\n", "      summary: Get an item\n      deprecated: true\n")), OperationDeprecated);
        yield return Case(NoLimit, Base, ParameterOptionalAdded);
        yield return Case(Base, BaseSpec.With(("{name: X-Tag, in: header, required: true,", "{name: X-Tag, in: header, required: false,")), ParameterNowOptional);
        yield return Case(NoBody, OptionalBody, RequestBodyOptionalAdded);
        yield return Case(Base, BaseSpec.With(("          application/json:\n            schema: {$ref: '#/components/schemas/NewItem'}", "          application/json:\n            schema: {$ref: '#/components/schemas/NewItem'}\n          text/plain:\n            schema: {type: string}")), RequestMediaTypeAdded);
        yield return Case(Base, BaseSpec.With(("\n        note: {type: string}", "\n        note: {type: string}\n        colour: {type: string}")), RequestPropertyOptionalAdded);
        yield return Case(Base, BaseSpec.With(("required: [name]", "required: []")), RequestPropertyNowOptional);
        yield return Case(Base, BaseSpec.With(("note: {type: string}", "note: {type: string, nullable: true}")), RequestPropertyNowNullable);
        yield return Case(Base, BaseSpec.With(("        '429':\n", "        '404':\n          description: missing\n        '429':\n")), ResponseAdded);
        yield return Case(Base, BaseSpec.With(("              schema: {$ref: '#/components/schemas/Item'}\n", "              schema: {$ref: '#/components/schemas/Item'}\n            application/xml:\n              schema: {$ref: '#/components/schemas/Item'}\n")), ResponseMediaTypeAdded);
        yield return Case(Base, BaseSpec.With(("\n        count: {type: integer}", "\n        count: {type: integer}\n        colour: {type: string}")), ResponsePropertyAdded);
        yield return Case(Base, BaseSpec.With(("required: [id]", "required: [id, count]")), ResponsePropertyNowRequired);
        yield return Case(Base, BaseSpec.With(("enum: [fast, slow]", "enum: [fast, slow, medium]")), RequestEnumValueAdded);
        yield return Case(Base, BaseSpec.With(("kind: {type: string, enum: [a, b]}", "kind: {type: string, enum: [a, b, c]}")), ResponseEnumValueAdded);
        yield return Case(BaseSpec.With(("count: {type: integer}", "count: {type: integer, nullable: true}")), Base, ResponsePropertyNowNonNullable);
        yield return Case(Base, BaseSpec.With(("    get:\n      operationId: Items.get\n", "    get:\n      operationId: Items.get\n      security: []\n")), SecurityRemoved);
        yield return Case(Base, BaseSpec.With(("Bearer: {type: http, scheme: bearer}", "Bearer: {type: http, scheme: bearer}\n    Key: {type: apiKey, in: header, name: X-Key}")), SecuritySchemeAdded);
        yield return Case(Base, BaseSpec.With(("  - url: https://api.example.com/v1\n", "  - url: https://api.example.com/v1\n  - url: https://eu.example.com/v1\n")), ServerAdded);
    }

    [TestCaseSource(nameof(Breaking))]
    public void BreakingChangeIsReportedAsBreaking(string oldYaml, string newYaml, string rule, string? location)
    {
        var report = SpecFixtures.Diff(oldYaml, newYaml);

        var matches = report.Changes.Where(c => c.Rule == rule).ToList();
        Assert.That(matches, Is.Not.Empty, () => $"expected rule {rule}; got:\n{Describe(report)}");
        Assert.That(matches.All(c => c.IsBreaking), Is.True, () => Describe(report));
        Assert.That(report.HasBreaking, Is.True);
        if (location is not null)
        {
            Assert.That(matches.Select(c => c.Message), Has.Some.StartsWith(location));
        }
    }

    [TestCaseSource(nameof(NonBreaking))]
    public void NonBreakingChangeIsReportedAndBreaksNothing(string oldYaml, string newYaml, string rule, string? location)
    {
        var report = SpecFixtures.Diff(oldYaml, newYaml);

        Assert.That(report.Changes.Where(c => c.Rule == rule).ToList(), Is.Not.Empty, () => $"expected rule {rule}; got:\n{Describe(report)}");
        Assert.That(report.HasBreaking, Is.False, () => Describe(report));
    }

    [Test]
    public void IdenticalAndCosmeticallyDifferentSpecsHaveNoChanges()
    {
        var cosmetic = BaseSpec.With(("summary: Get an item", "summary: Fetch one item"), ("description: ok", "description: the item"), ("title: Fixture", "title: Renamed"));

        Assert.That(SpecFixtures.Diff(Base, Base).Changes, Is.Empty);
        Assert.That(SpecFixtures.Diff(Base, cosmetic).Changes, Is.Empty);
    }

    [Test]
    public void RenamedPathParameterIsNotReportedAsRemovedPath()
    {
        var report = SpecFixtures.Diff(Base, BaseSpec.With(("/items/{item_id}:", "/items/{id}:"), ("{name: item_id, in: path", "{name: id, in: path")));

        Assert.That(report.Changes.Select(c => c.Rule), Is.EquivalentTo(new[] { ParameterRenamed }));
    }

    [Test]
    public void MovedOperationNamesWhereItWent()
    {
        var report = SpecFixtures.Diff(Base, BaseSpec.With(("/items/{item_id}:", "/things/{item_id}:")));

        Assert.That(report.Changes.Single(c => c.Rule == PathRemoved).Message, Does.Contain("'Items.get' is now GET /things/{item_id}"));
    }

    // Display names carry the rule plus a running number: several pairs exercise the same rule.
    private static int caseNumber;

    private static TestCaseData Case(string oldYaml, string newYaml, string rule, string? location = null) =>
        new TestCaseData(oldYaml, newYaml, rule, location).SetArgDisplayNames(rule, $"#{Interlocked.Increment(ref caseNumber)}");

    private static string Describe(ContractReport report) =>
        string.Join("\n", report.Changes.Select(c => $"{c.Level} {c.Rule} {c.Scope}: {c.Message}"));
}
