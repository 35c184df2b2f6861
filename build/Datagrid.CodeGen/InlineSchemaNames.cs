using System.Net;
using System.Text.Json.Nodes;

namespace Datagrid.CodeGen;

/// <summary>
/// Gives every inline object and enum schema a .NET name from where it sits, by moving it into
/// <c>components/schemas</c> under that name and leaving a <c>$ref</c> behind (wire format unchanged).
/// NJsonSchema would otherwise name it after the property or nothing ("Details", "Anonymous") and number the clashes
/// ("Data2", "Response2"). The names:
/// <list type="bullet">
/// <item>a response body: <c>{Operation}Response</c> (<c>{Operation}Response{status}</c> for a second success status),
/// an error body <c>{Operation}{Status}Error</c>, a request body <c>{Operation}Request</c>;</item>
/// <item>a property of a named schema: <c>{Schema}{Property}</c>; an enum property whose name the schema's name
/// already ends with (RateLimitError.error) is a code: <c>{Schema}Code</c>;</item>
/// <item>array items: <c>{Owner}Item</c> (<c>ListUserMemoriesResponseDataItem</c>), a map's values <c>{Owner}Value</c>.</item>
/// </list>
/// </summary>
public static class InlineSchemaNames
{
    public static void Hoist(JsonObject view)
    {
        var components = view["components"] as JsonObject ?? (JsonObject)(view["components"] = new JsonObject());
        var schemas = components["schemas"] as JsonObject ?? (JsonObject)(components["schemas"] = new JsonObject());
        var hoister = new Hoister(schemas);

        foreach (var (_, _, operation) in CodegenView.Operations(view))
        {
            var operationName = Names.ToPascalCase(operation["operationId"]!.GetValue<string>());
            if (operation["requestBody"]?["content"] is JsonObject requestContent)
            {
                foreach (var (_, media) in requestContent)
                {
                    hoister.NameSlot(media as JsonObject, "schema", operationName + "Request");
                }
            }

            if (operation["responses"] is not JsonObject responses)
            {
                continue;
            }

            var successes = 0;
            foreach (var (status, response) in responses)
            {
                if (response?["content"] is not JsonObject content)
                {
                    continue;
                }

                var name = status.StartsWith('2')
                    ? operationName + "Response" + (successes++ == 0 ? string.Empty : status)
                    : operationName + StatusName(status) + "Error";
                foreach (var (_, media) in content)
                {
                    hoister.NameSlot(media as JsonObject, "schema", name);
                }
            }
        }

        // Component schemas (the spec's and the ones just hoisted): name what is nested in them, level by level.
        var pending = new Queue<string>(schemas.Select(s => s.Key));
        hoister.Hoisted += pending.Enqueue;
        while (pending.TryDequeue(out var name))
        {
            if (schemas[name] is JsonObject schema)
            {
                hoister.NameNested(schema, Names.ToPascalCase(name));
            }
        }
    }

    private static string StatusName(string status) =>
        int.TryParse(status, out var code) && Enum.IsDefined((HttpStatusCode)code)
            ? ((HttpStatusCode)code).ToString()
            : status.Equals("default", StringComparison.OrdinalIgnoreCase) ? string.Empty : Names.ToPascalCase(status);

    private sealed class Hoister(JsonObject schemas)
    {
        private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

        public event Action<string>? Hoisted;

        /// <summary>Names the nested inline schemas of a named schema (properties, items, map values, compositions).</summary>
        public void NameNested(JsonObject schema, string owner)
        {
            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (property, _) in properties.ToList())
                {
                    var name = Names.ToPascalCase(property);
                    var candidate = owner.EndsWith(name, StringComparison.Ordinal) ? owner + (IsEnum(properties[property]) ? "Code" : "Value") : owner + name;
                    NameSlot(properties, property, candidate);
                }
            }

            NameSlot(schema, "items", owner + "Item");
            NameSlot(schema, "additionalProperties", owner + "Value");
            foreach (var keyword in new[] { "allOf", "oneOf", "anyOf" })
            {
                if (schema[keyword] is JsonArray members)
                {
                    for (var i = 0; i < members.Count; i++)
                    {
                        NameSlot(members, i, owner + "Variant" + (i + 1));
                    }
                }
            }
        }

        /// <summary>If <paramref name="parent"/>[<paramref name="key"/>] is an inline object or enum, moves it to components as <paramref name="name"/>.</summary>
        public void NameSlot(JsonNode? parent, object key, string name)
        {
            var slot = key is string k ? parent?[k] : parent?[(int)key];
            if (slot is not JsonObject schema || schema["$ref"] is not null)
            {
                return;
            }

            if (!IsObject(schema) && !IsEnum(schema))
            {
                // A primitive or an array of something: no type of its own, but its items may need one.
                NameSlot(schema, "items", name + "Item");
                NameSlot(schema, "additionalProperties", name + "Value");
                return;
            }

            if (schemas.ContainsKey(name))
            {
                var clash = _origins.TryGetValue(name, out var other) ? $"another inline schema ({other})" : "a component schema";
                throw new SpecException($"the inline schema at {schema.GetPath()} would be named {name}, which {clash} already has; move one of them to components/schemas under a name of its own.");
            }

            var path = schema.GetPath();
            var replacement = new JsonObject { ["$ref"] = "#/components/schemas/" + name };
            if (key is string property)
            {
                parent![property] = replacement;
            }
            else
            {
                ((JsonArray)parent!)[(int)key] = replacement;
            }

            schemas[name] = schema;
            _origins[name] = path;
            Hoisted?.Invoke(name);
        }

        private static bool IsEnum(JsonNode? schema) => schema is JsonObject o && o["enum"] is JsonArray;

        private static bool IsObject(JsonObject schema) =>
            schema["properties"] is JsonObject
            || schema["allOf"] is JsonArray || schema["oneOf"] is JsonArray || schema["anyOf"] is JsonArray;
    }
}
