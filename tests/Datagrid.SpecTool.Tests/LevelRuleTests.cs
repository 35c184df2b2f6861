using Datagrid.SpecTool.Comparison;
using static Datagrid.SpecTool.Comparison.RuleIds;

namespace Datagrid.SpecTool.Tests;

/// <summary>
/// One authored spec pair per rule added with the three levels: the rule fires at its catalog level, and the pair's
/// worst level is that level (so a lenient rule cannot hide behind a stricter one). Specs are built from a small
/// template: a POST with a query parameter, a JSON body and a 200 response with a header.
/// </summary>
public class LevelRuleTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        // Value limits: requests refuse more (breaking) or less (info); responses may hold more (breaking) or less (info).
        yield return Case(Spec(request: "{type: string, maxLength: 10}"), Spec(request: "{type: string, maxLength: 5}"), RequestLimitTightened);
        yield return Case(Spec(request: "{type: string, maxLength: 5}"), Spec(request: "{type: string, maxLength: 10}"), RequestLimitRelaxed);
        yield return Case(Spec(parameter: "{type: integer, minimum: 1}"), Spec(parameter: "{type: integer, minimum: 2}"), RequestLimitTightened);
        yield return Case(Spec(parameter: "{type: integer, maximum: 10}"), Spec(parameter: "{type: integer, maximum: 10, exclusiveMaximum: true}"), RequestLimitTightened);
        yield return Case(Spec(parameter: "{type: integer, exclusiveMaximum: false}"), Spec(parameter: "{type: integer, exclusiveMaximum: true}"), RequestLimitTightened);
        yield return Case(Spec(request: "{type: string}"), Spec(request: "{type: string, pattern: '^[a-z]+$'}"), RequestLimitTightened);
        yield return Case(Spec(request: "{type: string, pattern: '^[a-z]+$'}"), Spec(request: "{type: string, pattern: ''}"), RequestLimitRelaxed);
        yield return Case(Spec(request: "{type: array, items: {type: string}}"), Spec(request: "{type: array, items: {type: string}, minItems: 1}"), RequestLimitTightened);
        yield return Case(Spec(request: "{type: object, properties: {a: {type: string}}}"), Spec(request: "{type: object, properties: {a: {type: string}}, maxProperties: 3}"), RequestLimitTightened);
        yield return Case(Spec(request: "{type: number, multipleOf: 2}"), Spec(request: "{type: number, multipleOf: 4}"), RequestLimitTightened);
        yield return Case(Spec(request: "{type: number, multipleOf: 4}"), Spec(request: "{type: number, multipleOf: 2}"), RequestLimitRelaxed);
        yield return Case(Spec(response: "{type: string, maxLength: 5}"), Spec(response: "{type: string, maxLength: 10}"), ResponseLimitWidened);
        yield return Case(Spec(response: "{type: integer, minimum: 1}"), Spec(response: "{type: integer, minimum: 0}"), ResponseLimitWidened);
        yield return Case(Spec(response: "{type: string, maxLength: 10}"), Spec(response: "{type: string, maxLength: 5}"), ResponseLimitNarrowed);
        yield return Case(Spec(response: "{type: string, minLength: 5}"), Spec(response: "{type: string, minLength: 3}"), ResponseMinSizeLowered);
        yield return Case(Spec(response: "{type: string, pattern: '^[a-z]+$'}"), Spec(response: "{type: string, pattern: '^[a-z0-9]+$'}"), ResponsePatternChanged);

        // JSON Schema 2020-12 keywords (OpenAPI 3.1), including the two Microsoft.OpenApi keeps only as raw nodes.
        yield return Case(Spec31(request: "{type: array, items: {}}"), Spec31(request: "{type: array, items: {}, contains: {type: integer}}"), RequestKeywordTightened);
        yield return Case(Spec31(request: "{type: array, items: {}}"), Spec31(request: "{type: array, items: {}, prefixItems: [{type: integer}]}"), RequestKeywordTightened);
        yield return Case(Spec31(request: "{type: object, properties: {a: {type: string}}}"), Spec31(request: "{type: object, properties: {a: {type: string}}, dependentRequired: {a: [b]}}"), RequestKeywordTightened);
        yield return Case(Spec31(request: "{type: string, const: a}"), Spec31(request: "{type: string, const: b}"), RequestKeywordTightened);
        yield return Case(Spec31(request: "{type: array, unevaluatedItems: false}"), Spec31(request: "{type: array}"), RequestKeywordLoosened);
        yield return Case(Spec31(response: "{type: object, if: {required: [a]}, then: {required: [b]}}"), Spec31(response: "{type: object}"), ResponseKeywordLoosened);
        yield return Case(Spec31(response: "{type: array, unevaluatedItems: false}"), Spec31(response: "{type: array}"), ResponseKeywordLoosened);
        yield return Case(Spec31(response: "{type: object}"), Spec31(response: "{type: object, propertyNames: {pattern: '^[a-z]+$'}}"), ResponseKeywordTightened);
        yield return Case(Spec(parameter: "{type: string, x-extensible-enum: [a, b]}"), Spec(parameter: "{type: string, x-extensible-enum: [a]}"), RequestKeywordTightened);

        // Parameters
        yield return Case(Spec(), Spec(style: "style: form, explode: false, "), ParameterStyleChanged);
        yield return Case(Spec(style: "allowEmptyValue: true, "), Spec(), ParameterEmptyValueDisallowed);
        yield return Case(Spec(parameter: "{type: string, default: a}"), Spec(parameter: "{type: string, default: b}"), ParameterDefaultChanged);
        yield return Case(Spec(parameter: "{type: integer}"), Spec(parameter: "{type: number}"), ParameterTypeWidened);
        yield return Case(Spec(parameter: "{type: object, properties: {a: {type: string, enum: [x, y]}}}"), Spec(parameter: "{type: object, properties: {a: {type: string, enum: [x]}}}"), RequestEnumValueRemoved);

        // A value added to a request enum keeps old payloads valid and callers compiling (string and integer enums alike).
        yield return Case(Spec(request: "{type: string, enum: [a, b]}"), Spec(request: "{type: string, enum: [a, b, c]}"), RequestEnumValueAdded);
        yield return Case(Spec(parameter: "{type: integer, enum: [1, 2]}"), Spec(parameter: "{type: integer, enum: [1, 2, 3]}"), RequestEnumValueAdded);

        // Response enums are extensible in the generated client: an added value is read, so it is only a warning.
        yield return Case(Spec(response: "{type: string, enum: [a, b]}"), Spec(response: "{type: string, enum: [a, b, c]}"), ResponseEnumValueAdded);
        yield return Case(Spec(response: "{type: integer, enum: [1, 2]}"), Spec(response: "{type: integer, enum: [1, 2, 3]}"), ResponseEnumValueAdded);
        yield return Case(Spec(response: "{type: object, properties: {e: {type: string, enum: [a]}}}"), Spec(response: "{type: object, properties: {e: {type: string, enum: [a, b]}}}"), ResponseEnumValueAdded);

        // Request and response properties
        yield return Case(Spec31(request: "{type: [string]}"), Spec31(request: "{type: [string, integer]}"), RequestPropertyTypeWidened);
        yield return Case(Spec(request: Object("{type: string, default: a}")), Spec(request: Object("{type: string, default: b}")), RequestPropertyDefaultChanged);
        yield return Case(Spec(response: Object("{type: string, default: a}")), Spec(response: Object("{type: string, default: b}")), ResponsePropertyDefaultChanged);
        yield return Case(Spec(request: Object("{type: string}")), Spec(request: Object("{type: string, readOnly: true}")), RequestPropertyNowReadOnly);
        yield return Case(Spec(response: Object("{type: string}")), Spec(response: Object("{type: string, writeOnly: true}")), ResponsePropertyNowWriteOnly);
        yield return Case(Spec(request: Object("{type: string, readOnly: true}", required: true)), Spec(request: Object("{type: string}", required: true)), RequestPropertyRequiredAdded);
        yield return Case(Spec(response: Object("{type: string, writeOnly: true}", required: true)), Spec(response: Object("{type: string}")), ResponsePropertyAdded);

        // Response headers
        yield return Case(Spec(), Spec(header: string.Empty), ResponseHeaderRemoved);
        yield return Case(Spec(), Spec(header: "Retry-After: {required: false, schema: {type: integer}}"), ResponseHeaderNowOptional);
        yield return Case(Spec(), Spec(header: "Retry-After: {required: true, schema: {type: string}}"), ResponseHeaderRetyped);
        yield return Case(Spec(), Spec(header: "Retry-After: {required: true, explode: true, schema: {type: integer}}"), ResponseHeaderStyleChanged);
        yield return Case(Spec(header: string.Empty), Spec(), ResponseHeaderAdded);

        // Media types
        yield return Case(Spec(requestMedia: "application/json: {}"), Spec(), RequestMediaTypeSchemaAdded);
        yield return Case(Spec(responseMedia: "application/json: {}"), Spec(), ResponseMediaTypeSchemaAdded);
        yield return Case(Spec(responseMedia: "{}"), Spec(), ResponseSuccessBodyAdded);
        yield return Case(Spec(), Spec(responseMedia: "application/problem+json: {schema: {type: string}}"), ResponseMediaTypeSpecialized);
        yield return Case(Spec(), Spec(responseMedia: "application/json; charset=utf-8: {schema: {type: string}}"), ResponseMediaTypeSpecialized);
        yield return Case(Spec(requestMedia: "application/xml: {schema: {type: object}}"), Spec(requestMedia: "application/xml: {schema: {type: string}}"), RequestXmlSchemaChanged);
        yield return Case(Spec(responseMedia: "application/xml: {schema: {type: object}}"), Spec(responseMedia: "application/xml: {schema: {type: string}}"), ResponseXmlSchemaChanged);
        yield return Case(Spec(error: "'400': {description: bad, content: {application/json: {schema: {type: string}}}}"), Spec(error: "'400': {description: bad, content: {text/plain: {schema: {type: string}}}}"), ErrorResponseMediaTypeRemoved);

        // Composition
        yield return Case(Spec(request: CatOrDog), Spec(request: CatOnly), RequestVariantRemoved);
        yield return Case(Spec(request: CatOnly), Spec(request: CatOrDog), RequestVariantAdded);
        yield return Case(Spec(response: CatOnly), Spec(response: CatOrDog), ResponseVariantAdded);
        yield return Case(Spec(response: CatOrDog), Spec(response: CatOnly), ResponseVariantRemoved);
        yield return Case(Spec(response: "{$ref: '#/components/schemas/Cat'}"), Spec(response: CatOnly), SchemaCompositionChanged);

        // Microsoft.OpenApi reads a oneOf of bare types as a type list: compared as one, by direction.
        yield return Case(Spec(request: "{oneOf: [{type: string}]}"), Spec(request: "{oneOf: [{type: string}, {type: integer}]}"), RequestPropertyTypeWidened);
        yield return Case(Spec(response: "{oneOf: [{type: string}]}"), Spec(response: "{oneOf: [{type: string}, {type: integer}]}"), ResponsePropertyRetyped);
        yield return Case(Spec(request: Object("{type: string}")), Spec(request: "{allOf: [" + Object("{type: string}") + ", {type: object, required: [a]}]}"), RequestAllOfAdded);
        yield return Case(Spec(response: Object("{type: string}")), Spec(response: "{allOf: [" + Object("{type: string}") + ", {type: object, properties: {b: {type: string}}}]}"), AllOfChanged);
        yield return Case(Spec(request: Polymorphic("kind")), Spec(request: Polymorphic("type")), DiscriminatorPropertyChanged);
        yield return Case(Spec(request: "{oneOf: [{type: object}]}"), Spec(request: "{oneOf: [{type: object}], discriminator: {propertyName: kind}}"), DiscriminatorChanged);

        // Security
        yield return Case(Spec(security: "[{Bearer: []}]"), Spec(security: "[{Bearer: [], Key: []}]"), SecurityTightened);
        yield return Case(Spec(security: "[{OAuth: [read]}]"), Spec(security: "[{OAuth: [read, write]}]"), SecurityTightened);
        yield return Case(Spec(security: "[{Bearer: []}, {Key: []}]"), Spec(security: "[{Bearer: []}]"), SecurityTightened);
        yield return Case(Spec(security: "[{Bearer: []}]"), Spec(security: "[{Bearer: []}, {Key: []}]"), SecurityChanged);
        yield return Case(Spec(security: "[{Bearer: [], Key: []}]"), Spec(security: "[{Bearer: []}]"), SecurityChanged);
        yield return Case(Spec(security: "[]"), Spec(security: "[{Bearer: []}]"), SecurityAdded);
        yield return Case(Spec(), Spec(schemes: "Bearer: {type: http, scheme: bearer, bearerFormat: JWT}"), SecuritySchemeChanged);
        yield return Case(Spec(), Spec(tokenUrl: "https://auth.example.com/v2/token"), SecuritySchemeChanged);
        yield return Case(Spec(security: "[{Key: []}]"), Spec(security: "[{Key: []}]", schemes: string.Empty), SecuritySchemeRemoved);

        // Webhooks and callbacks
        yield return Case(Spec31(webhook: true), Spec31(), WebhookRemoved);
        yield return Case(Spec31(), Spec31(webhook: true), WebhookAdded);
        yield return Case(Spec(callback: true), Spec(), CallbackRemoved);
        yield return Case(Spec(), Spec(callback: true), CallbackAdded);
    }

    [TestCaseSource(nameof(Cases))]
    public void RuleFiresAtItsLevelAndNothingWorse(string oldYaml, string newYaml, string rule)
    {
        var report = SpecFixtures.Diff(oldYaml, newYaml);
        var level = RuleCatalog.Find(rule)!.Level;

        var matches = report.Changes.Where(c => c.Rule == rule).ToList();
        Assert.That(matches, Is.Not.Empty, () => $"expected rule {rule}; got:\n{Describe(report)}");
        Assert.That(matches.Select(c => c.Level), Has.All.EqualTo(level));
        Assert.That(report.Changes.Min(c => c.Level), Is.EqualTo(level), () => $"a worse level than {level} fired:\n{Describe(report)}");
    }

    [Test]
    public void EveryCatalogRuleIsExercisedByAnAuthoredPair()
    {
        var exercised = Cases().Concat(ComparisonRuleTests.Breaking()).Concat(ComparisonRuleTests.NonBreaking())
            .Select(c => (string)c.Arguments[2]!)
            .Concat([DocumentInvalid, BaseDocumentInvalid]) // DiffCommandTests: a spec that breaks OpenAPI rules
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(RuleCatalog.All.Select(r => r.Id).Where(id => !exercised.Contains(id)), Is.Empty);
    }

    [Test]
    public void VariantsCompareByContentSoAnInlineSchemaMovedToARefIsNoChange()
    {
        var inline = Spec(request: "{anyOf: [{type: string, enum: [a, b]}, {$ref: '#/components/schemas/Cat'}]}");
        var moved = Spec(request: "{anyOf: [{$ref: '#/components/schemas/Letters'}, {$ref: '#/components/schemas/Cat'}]}");

        Assert.That(SpecFixtures.Diff(inline, moved).Changes, Is.Empty, () => Describe(SpecFixtures.Diff(inline, moved)));
    }

    [Test]
    public void APathParameterMissingFromThePathIsStillCompared()
    {
        static string WithPathParameter(int minimum) => Spec().Replace(
            "- {name: q, in: query, schema: {type: string}}",
            $"- {{name: q, in: query, schema: {{type: string}}}}\n        - {{name: id, in: path, required: true, schema: {{type: integer, minimum: {minimum}}}}}",
            StringComparison.Ordinal);

        var report = SpecFixtures.Diff(WithPathParameter(1), WithPathParameter(2));

        Assert.That(report.Changes.Select(c => c.Rule), Is.EqualTo(new[] { RequestLimitTightened }), () => Describe(report));
    }

    [Test]
    public void OpenApi30AndTheSame31DocumentCompareEqual()
    {
        var v30 = Spec(request: "{type: string, nullable: true, maximum: 10, exclusiveMaximum: true}");
        var v31 = Spec31(request: "{type: [string, 'null'], exclusiveMaximum: 10}");

        Assert.That(SpecFixtures.Diff(v30, v31).Changes, Is.Empty, () => Describe(SpecFixtures.Diff(v30, v31)));
        Assert.That(SpecFixtures.Diff(v31, v30).Changes, Is.Empty);
    }

    [Test]
    public void A30To31ChangeIsStillCompared()
    {
        var report = SpecFixtures.Diff(Spec(request: "{type: string, maxLength: 10}"), Spec31(request: "{type: [string, 'null'], maxLength: 5}"));

        Assert.That(report.Changes.Select(c => c.Rule), Is.EquivalentTo(new[] { RequestLimitTightened, RequestPropertyNowNullable }));
    }

    [Test]
    public void RelaxLowersAStricterRuleToAWarning()
    {
        var report = ContractComparer.Compare(
            SpecFixtures.Load(Spec(response: "{type: string, enum: [a, b]}")).Document,
            SpecFixtures.Load(Spec(response: "{type: string, enum: [a]}")).Document,
            levels: RuleLevels.Relaxing([ResponseEnumValueRemoved]));

        Assert.That(report.Changes.Single().Level, Is.EqualTo(Level.Warning));
        Assert.That(report.Fails(Level.Breaking), Is.False);
        Assert.That(report.Fails(Level.Warning), Is.True);
    }

    [TestCase("no-such.rule", "unknown rule")]
    [TestCase(OperationAdded, "only breaking rules can be relaxed")]
    public void RelaxRefusesWhatItCannotRelax(string rule, string message)
    {
        var error = Assert.Throws<SpecInputException>(() => RuleLevels.Relaxing([rule]));

        Assert.That(error!.Message, Does.Contain(message));
    }

    private static TestCaseData Case(string oldYaml, string newYaml, string rule) =>
        new TestCaseData(oldYaml, newYaml, rule).SetArgDisplayNames(rule, $"#{Interlocked.Increment(ref caseNumber)}");

    private static int caseNumber;

    private static string Object(string property, bool required = false) =>
        $"{{type: object, {(required ? "required: [a], " : string.Empty)}properties: {{a: {property}}}}}";

    private static string Polymorphic(string discriminator) =>
        $"{{oneOf: [{{$ref: '#/components/schemas/Cat'}}], discriminator: {{propertyName: {discriminator}}}}}";

    private static string Spec31(string request = "{type: string}", string response = "{type: string}", bool webhook = false) =>
        Spec(request: request, response: response, version: "3.1.0", webhook: webhook);

    private static string Spec(
        string request = "{type: string}",
        string response = "{type: string}",
        string parameter = "{type: string}",
        string style = "",
        string header = "Retry-After: {required: true, schema: {type: integer}}",
        string? requestMedia = null,
        string? responseMedia = null,
        string error = "'400': {description: bad}",
        string security = "[{Bearer: []}]",
        string schemes = "Bearer: {type: http, scheme: bearer}",
        string tokenUrl = "https://auth.example.com/token",
        string version = "3.0.3",
        bool webhook = false,
        bool callback = false) => $$"""
        openapi: {{version}}
        info: {title: Levels, version: '1'}
        paths:
          /things:
            post:
              operationId: Things.create
              security: {{security}}
              parameters:
                - {name: q, in: query, {{style}}schema: {{parameter}}}
              requestBody:
                required: true
                content:
                  {{requestMedia ?? $"application/json: {{schema: {request}}}"}}
              responses:
                '200':
                  description: ok
                  headers: {{"{" + header + "}"}}
                  content:
                    {{responseMedia ?? $"application/json: {{schema: {response}}}"}}
                {{error}}
        {{(callback ? CallbackYaml : string.Empty)}}
        {{(webhook ? "webhooks:\n  thingCreated:\n    post:\n      responses:\n        '200': {description: ok}\n" : string.Empty)}}
        components:
          schemas:
            {{CatYaml}}
          securitySchemes:
            {{schemes}}
            Key: {type: apiKey, in: header, name: X-Key}
            {{OAuthYaml(tokenUrl)}}
        """;

    private const string CatYaml = "Cat: {type: object, properties: {kind: {type: string}, type: {type: string}}}\n    Dog: {type: object, properties: {barks: {type: boolean}}}\n    Letters: {type: string, enum: [a, b]}";

    private const string CatOnly = "{oneOf: [{$ref: '#/components/schemas/Cat'}]}";

    private const string CatOrDog = "{oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]}";

    private static string OAuthYaml(string tokenUrl) => $"OAuth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: '{tokenUrl}', scopes: {{read: r, write: w}}}}}}}}";

    private const string CallbackYaml = """
              callbacks:
                done:
                  '{$request.body#/callbackUrl}':
                    post:
                      responses:
                        '200': {description: ok}
        """;

    private static string Describe(ContractReport report) =>
        string.Join("\n", report.Changes.Select(c => $"{c.Level} {c.Rule} {c.Scope}: {c.Message}"));
}
