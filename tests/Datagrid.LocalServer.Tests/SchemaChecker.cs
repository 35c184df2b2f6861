using System.Text.Json;
using Microsoft.OpenApi;

namespace Datagrid.LocalServer.Tests;

/// <summary>
/// Checks a JSON value against an OpenAPI 3.0 schema read from the spec: types, required properties, enum values,
/// nested objects and arrays. Enough for the schemas this spec has; anything it does not understand it reports.
/// </summary>
internal static class SchemaChecker
{
    public static IReadOnlyList<string> Check(JsonElement value, IOpenApiSchema schema)
    {
        var problems = new List<string>();
        Check(value, schema, "$", problems);
        return problems;
    }

    private static void Check(JsonElement value, IOpenApiSchema schema, string path, List<string> problems)
    {
        if (schema.Type is { } type && !Matches(value, type))
        {
            problems.Add($"{path}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (schema.Enum is { Count: > 0 } allowed)
        {
            var raw = value.GetRawText();
            if (!allowed.Any(a => a is not null && JsonDocument.Parse(a.ToJsonString()).RootElement.GetRawText() == raw))
            {
                problems.Add($"{path}: {raw} is not one of [{string.Join(", ", allowed.Select(a => a?.ToJsonString()))}]");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var required in schema.Required ?? new HashSet<string>())
            {
                if (!value.TryGetProperty(required, out _))
                {
                    problems.Add($"{path}: required property '{required}' is missing");
                }
            }

            var properties = schema.Properties ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var property in value.EnumerateObject())
            {
                if (properties.TryGetValue(property.Name, out var propertySchema))
                {
                    Check(property.Value, propertySchema, $"{path}.{property.Name}", problems);
                }
                else if (schema.AdditionalPropertiesAllowed == false)
                {
                    problems.Add($"{path}: property '{property.Name}' is not allowed");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.Items is { } items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, $"{path}[{i++}]", problems);
            }
        }
    }

    private static bool Matches(JsonElement value, JsonSchemaType type) => value.ValueKind switch
    {
        JsonValueKind.Object => type.HasFlag(JsonSchemaType.Object),
        JsonValueKind.Array => type.HasFlag(JsonSchemaType.Array),
        JsonValueKind.String => type.HasFlag(JsonSchemaType.String),
        JsonValueKind.True or JsonValueKind.False => type.HasFlag(JsonSchemaType.Boolean),
        JsonValueKind.Number => type.HasFlag(JsonSchemaType.Number) || (type.HasFlag(JsonSchemaType.Integer) && value.TryGetInt64(out _)),
        JsonValueKind.Null => type.HasFlag(JsonSchemaType.Null),
        _ => false,
    };
}
