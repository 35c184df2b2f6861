using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Canonical text of schema pieces, to compare things by content: JSON values (defaults, const, enum values) and
/// whole subschemas (oneOf variants, if/then/else, contains...). A <c>$ref</c> is replaced by its target at the top,
/// so an inline schema moved to a component (or a renamed component) compares equal.
/// </summary>
internal static class SchemaText
{
    public static string? Json(JsonNode? node) => node?.ToJsonString();

    public static string? Canonical(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return null;
        }

        var resolved = schema is OpenApiSchemaReference reference ? (IOpenApiSchema?)reference.Target ?? schema : schema;
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var writer = new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true });
        resolved.SerializeAsV31(writer);
        return text.ToString();
    }

    public static string? Canonical(IDictionary<string, IOpenApiSchema>? schemas) =>
        schemas is null or { Count: 0 } ? null : string.Join(",", schemas.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Canonical(p.Value)}"));
}
