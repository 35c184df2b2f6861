using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Describes a schema's wire type the way it shapes the generated C# type: type plus format, arrays by item type.
/// Nullability is separate (<see cref="IsNullable"/>) so it gets its own rule. A schema without <c>type</c> takes it
/// from what it holds: properties make an object, items an array, and <c>allOf</c> members their common type
/// (so <c>allOf: [{type: string}]</c> is a string).
/// </summary>
internal static class SchemaTypeDescriber
{
    public static string Describe(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return "none";
        }

        var type = Types(schema);
        var name = type switch
        {
            0 => "any",
            JsonSchemaType.Array => $"array<{Describe(schema.Items)}>",
            _ => type.ToString().ToLowerInvariant().Replace(", ", "|", StringComparison.Ordinal),
        };
        var format = schema.Format ?? (schema.AllOf ?? []).Select(m => m.Format).FirstOrDefault(f => f is not null);
        return string.IsNullOrEmpty(format) ? name : $"{name}({format})";
    }

    /// <summary>The JSON types a schema allows (null excluded), inferred when <c>type</c> is absent; 0 means any.</summary>
    public static JsonSchemaType Types(IOpenApiSchema? schema, int depth = 0)
    {
        if (schema is null || depth > 16)
        {
            return 0;
        }

        var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        if (type != 0)
        {
            return type;
        }

        if (schema.AllOf is { Count: > 0 } allOf)
        {
            var memberTypes = allOf.Select(m => Types(m, depth + 1)).Where(t => t != 0).Distinct().ToList();
            if (memberTypes.Count == 1)
            {
                return memberTypes[0];
            }
        }

        return schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 0 } ? JsonSchemaType.Object
            : schema.Items is not null ? JsonSchemaType.Array
            : 0;
    }

    public static bool IsNullable(IOpenApiSchema? schema) => schema?.Type is { } t && t.HasFlag(JsonSchemaType.Null);

    public static string? ReferenceId(IOpenApiSchema? schema) => (schema as OpenApiSchemaReference)?.Reference?.Id;
}
