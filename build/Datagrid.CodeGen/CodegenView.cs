using System.Text.Json.Nodes;

namespace Datagrid.CodeGen;

/// <summary>Rewrites a spec (as JSON) into the view NSwag generates from; see Program.cs for the why.</summary>
public static class CodegenView
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static JsonObject Create(JsonObject spec)
    {
        var view = spec.DeepClone().AsObject();
        NameParametersTheDotNetWay(view);
        ShortenOperationIds(view);
        NameInlineParameterTypes(view);
        DropShadowedDeprecatedProperties(view);
        InlineSchemaNames.Hoist(view);
        return view;
    }

    private static void NameParametersTheDotNetWay(JsonObject view)
    {
        // NSwag names the C# parameter after "x-originalName" when present and still sends "name" on the wire
        // (query key, header name, path placeholder), so only the C# name changes.
        foreach (var parameter in Descendants(view).OfType<JsonObject>())
        {
            if (parameter["in"] is JsonValue && parameter["name"] is JsonValue name && parameter["x-originalName"] is null)
            {
                parameter["x-originalName"] = Names.ToCamelCase(name.GetValue<string>());
            }
        }
    }

    private static void ShortenOperationIds(JsonObject view)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var parameterTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations(view))
        {
            if (operation["operationId"]?.GetValue<string>() is not { } id)
            {
                throw new SpecException($"{method.ToUpperInvariant()} {path} has no operationId; the client names its method after it.");
            }

            var shortId = id[(id.LastIndexOf('.') + 1)..];
            var tag = (operation["tags"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? string.Empty;
            if (Names.ToPascalCase(tag) == "Datagrid")
            {
                throw new SpecException($"{id}: the tag '{tag}' would generate a DatagridClient, which is the root client's name; rename the tag.");
            }

            var key = tag + "/" + Names.ToPascalCase(shortId);
            if (seen.TryGetValue(key, out var other))
            {
                throw new SpecException($"operationIds '{other}' and '{id}' would both become {Names.ToPascalCase(shortId)}Async on the {tag} client.");
            }

            // Each operation's parameters object is named after the operation alone (DeleteUserMemoryParameters).
            var parametersType = Names.ToPascalCase(shortId) + "Parameters";
            if (parameterTypes.TryGetValue(parametersType, out var owner))
            {
                throw new SpecException($"operationIds '{owner}' and '{id}' would both generate the class {parametersType} (their optional inputs); rename one of the operations.");
            }

            parameterTypes[parametersType] = id;
            seen[key] = id;
            operation["operationId"] = shortId;
        }
    }

    private static void NameInlineParameterTypes(JsonObject view)
    {
        // An inline enum parameter would otherwise become a type named after the wire name (enum Sort_order);
        // NJsonSchema takes a schema's title as its type name.
        foreach (var (_, _, operation) in Operations(view))
        {
            var operationName = Names.ToPascalCase(operation["operationId"]!.GetValue<string>());
            foreach (var parameter in (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (parameter["schema"] is JsonObject { } schema && schema["enum"] is not null && schema["title"] is null
                    && parameter["name"] is JsonValue name)
                {
                    schema["title"] = operationName + Names.ToPascalCase(name.GetValue<string>());
                }
            }
        }
    }

    private static void DropShadowedDeprecatedProperties(JsonObject view)
    {
        foreach (var schema in Descendants(view).OfType<JsonObject>())
        {
            if (schema["properties"] is not JsonObject properties)
            {
                continue;
            }

            foreach (var group in properties.ToList().GroupBy(p => Names.ToPascalCase(p.Key)).Where(g => g.Count() > 1))
            {
                var current = group.Where(p => p.Value?["deprecated"]?.GetValue<bool>() != true).ToList();
                if (current.Count > 1)
                {
                    throw new SpecException($"properties {string.Join(", ", current.Select(p => p.Key))} would all be named {group.Key} in .NET.");
                }

                foreach (var deprecated in group.Except(current).Where(_ => current.Count == 1))
                {
                    properties.Remove(deprecated.Key);
                }
            }
        }
    }

    internal static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject view)
    {
        if (view["paths"] is not JsonObject paths)
        {
            yield break;
        }

        foreach (var (path, item) in paths)
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    yield return (path, method, operation);
                }
            }
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        var stack = new Stack<JsonNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            IEnumerable<JsonNode?> children = current switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is not null)
                {
                    stack.Push(child);
                }
            }
        }
    }
}
