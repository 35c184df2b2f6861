using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Describes a schema's wire type the way it shapes the generated C# type: type plus format, arrays by item type.
/// Nullability is separate (<see cref="IsNullable"/>) so it gets its own rule.
/// </summary>
internal static class SchemaTypeDescriber
{
    public static string Describe(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return "none";
        }

        var type = schema.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
        if (type is null or 0)
        {
            type = schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 0 } ? JsonSchemaType.Object
                : schema.Items is not null ? JsonSchemaType.Array
                : null;
        }

        var name = type switch
        {
            null or 0 => "any",
            JsonSchemaType.Array => $"array<{Describe(schema.Items)}>",
            _ => type.Value.ToString().ToLowerInvariant().Replace(", ", "|", StringComparison.Ordinal),
        };
        return string.IsNullOrEmpty(schema.Format) ? name : $"{name}({schema.Format})";
    }

    public static bool IsNullable(IOpenApiSchema? schema) => schema?.Type is { } t && t.HasFlag(JsonSchemaType.Null);

    public static string? ReferenceId(IOpenApiSchema? schema) => (schema as OpenApiSchemaReference)?.Reference?.Id;
}
