using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// JSON Schema 2020-12 keywords of OpenAPI 3.1 (and <c>not</c>, <c>x-extensible-enum</c>), compared by content.
/// Microsoft.OpenApi keeps most of them on <see cref="OpenApiSchema"/>; <c>prefixItems</c> and
/// <c>unevaluatedItems</c> it does not model, so they are read from the raw node tree it keeps as unrecognized keywords.
/// Each keyword constrains values: added or changed on a request, payloads that worked may be refused; removed or
/// changed on a response, values may come that callers do not expect.
/// </summary>
internal static class KeywordComparer
{
    private static readonly (string Keyword, Func<IOpenApiSchema, string?> Text)[] Keywords =
    [
        ("const", s => SchemaText.Json(s.Const is null ? null : System.Text.Json.Nodes.JsonValue.Create(s.Const))),
        ("not", s => SchemaText.Canonical(s.Not)),
        ("dependentRequired", s => s.DependentRequired is { Count: > 0 } d ? string.Join(";", d.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{string.Join(",", p.Value.Order(StringComparer.Ordinal))}")) : null),
        ("patternProperties", s => SchemaText.Canonical(s.PatternProperties)),
        ("contains", s => SchemaText.Canonical(Full(s)?.Contains)),
        ("if", s => SchemaText.Canonical(Full(s)?.If)),
        ("then", s => SchemaText.Canonical(Full(s)?.Then)),
        ("else", s => SchemaText.Canonical(Full(s)?.Else)),
        ("dependentSchemas", s => SchemaText.Canonical(Full(s)?.DependentSchemas)),
        ("propertyNames", s => SchemaText.Canonical(Full(s)?.PropertyNames)),
        ("contentSchema", s => SchemaText.Canonical(Full(s)?.ContentSchema)),
        ("contentMediaType", s => Full(s)?.ContentMediaType),
        ("contentEncoding", s => Full(s)?.ContentEncoding),
        ("unevaluatedProperties", s => Full(s) is { } f ? SchemaText.Canonical(f.UnevaluatedPropertiesSchema) ?? (f.UnevaluatedProperties ? null : "false") : null),
        ("prefixItems", s => Raw(s, "prefixItems")),
        ("unevaluatedItems", s => Raw(s, "unevaluatedItems")),
    ];

    public static void Compare(ChangeLog log, SchemaDirection direction, IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        foreach (var (keyword, text) in Keywords)
        {
            var before = text(oldSchema);
            var after = text(newSchema);
            if (before == after)
            {
                continue;
            }

            var what = before is null ? "added" : after is null ? "removed" : "changed";
            if (direction == SchemaDirection.Request)
            {
                log.Report(after is null ? RuleIds.RequestKeywordLoosened : RuleIds.RequestKeywordTightened, $"{location}: {keyword} {what}{(after is null ? "." : "; payloads that worked may be refused.")}");
            }
            else
            {
                log.Report(before is null ? RuleIds.ResponseKeywordTightened : RuleIds.ResponseKeywordLoosened, $"{location}: {keyword} {what}{(before is null ? "." : "; responses may hold values callers do not expect.")}");
            }
        }

        CompareExtensibleEnum(log, direction, oldSchema, newSchema, location);
    }

    // x-extensible-enum lists the known values of an open enum: a request that drops one refuses callers sending it.
    private static void CompareExtensibleEnum(ChangeLog log, SchemaDirection direction, IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var oldValues = ExtensibleEnum(oldSchema);
        var newValues = ExtensibleEnum(newSchema);
        var removed = oldValues.Where(v => !newValues.Contains(v)).ToList();
        if (removed.Count > 0 && newValues.Count > 0 && direction == SchemaDirection.Request)
        {
            log.Report(RuleIds.RequestKeywordTightened, $"{location}: x-extensible-enum value(s) {string.Join(", ", removed)} removed; callers sending them may be refused.");
        }
    }

    private static List<string> ExtensibleEnum(IOpenApiSchema schema) =>
        Extension(schema, "x-extensible-enum") is System.Text.Json.Nodes.JsonArray values ? values.Select(v => v?.ToJsonString() ?? "null").ToList() : [];

    private static System.Text.Json.Nodes.JsonNode? Extension(IOpenApiSchema schema, string name) =>
        Full(schema)?.Extensions is { } extensions && extensions.TryGetValue(name, out var extension) ? (extension as JsonNodeExtension)?.Node : null;

    private static OpenApiSchema? Full(IOpenApiSchema schema) => schema switch
    {
        OpenApiSchema full => full,
        OpenApiSchemaReference reference => reference.Target as OpenApiSchema,
        _ => null,
    };

    private static string? Raw(IOpenApiSchema schema, string keyword) =>
        (schema.UnrecognizedKeywords is { } raw && raw.TryGetValue(keyword, out var node) ? node : Extension(schema, keyword))?.ToJsonString();
}
