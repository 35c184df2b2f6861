using System.Text.Json.Nodes;

namespace Datagrid.ApiContract;

/// <summary>
/// The spec changes of the contract matrix (build/contract-matrix.sh), each applied to a copy of the real spec (as
/// OpenAPI 3.0 JSON). The first operation of the spec stands for every operation. A case with a setup is compared
/// with the spec plus that setup (an operation with a body, an optional parameter) so there is something to change.
/// </summary>
internal static class SpecChanges
{
    /// <summary>One case: its name, whether callers must survive it, what it does, and its setup if any.</summary>
    internal sealed record Case(string Name, bool Additive, string Description, string? Setup, Action<JsonObject> Apply);

    public const string WithBodyAndOptionalQuery = "with-body-and-optional-query";

    /// <summary>An operation whose body has a string and an integer enum (the real spec has no request enum).</summary>
    public const string WithRequestEnums = "with-request-enums";

    private const string OptionalQuery = "hard_delete";

    public static readonly IReadOnlyList<Case> All =
    [
        new("optional-query", true, "an optional query parameter on an operation", null,
            spec => Parameters(First(spec)).Add(Parameter(OptionalQuery, "query", required: false, "boolean"))),
        new("optional-header", true, "an optional header parameter on an operation", null,
            spec => Parameters(First(spec)).Add(Parameter("Idempotency-Key", "header", required: false, "string"))),
        new("response-property", true, "a new property in a response schema", null,
            spec => Properties(FirstSchemaWithProperties(spec))["retry_after_seconds"] = Schema("integer")),
        new("response-enum-value", true, "a new value in a string enum of a response schema", null,
            spec => FirstStringEnum(spec).Add("matrix_new_value")),
        new("request-enum-value", true, "a new value in a string and an integer enum of a request body", WithRequestEnums,
            spec =>
            {
                var properties = Properties(Schemas(spec)["MatrixOrder"]!.AsObject());
                properties["priority"]!["enum"]!.AsArray().Add("urgent");
                properties["level"]!["enum"]!.AsArray().Add(3);
            }),
        new("operation-same-tag", true, "a new operation under an existing tag", null,
            spec => AddOperation(spec, "/matrix-items", "get", $"{FirstTag(spec)}.listMatrixItems", FirstTag(spec))),
        new("new-tag", true, "a new operation under a new tag", null,
            spec => AddOperation(spec, "/matrix-widgets", "get", "MatrixWidgets.listMatrixWidgets", "MatrixWidgets")),
        new("optional-body-field", true, "a new optional field in a request body", WithBodyAndOptionalQuery,
            spec => Properties(Schemas(spec)["MatrixNote"]!.AsObject())["pinned"] = Schema("boolean")),
        new("error-status", true, "a new error status on an operation", null,
            spec => Responses(First(spec))["409"] = new JsonObject
            {
                ["description"] = "Conflict",
                ["content"] = JsonContent(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["message"] = Schema("string") } }),
            }),
        new("required-parameter", false, "a required query parameter added to an operation", null,
            spec => Parameters(First(spec)).Add(Parameter(OptionalQuery, "query", required: true, "boolean"))),
        new("parameter-removed", false, "an (optional) query parameter removed from an operation", WithBodyAndOptionalQuery,
            spec =>
            {
                var parameters = Parameters(First(spec));
                parameters.Remove(parameters.First(p => p?["name"]?.GetValue<string>() == OptionalQuery));
            }),
        new("parameter-retyped", false, "a path parameter's type changed from string to integer", null,
            spec => PathParameter(First(spec))["schema"] = Schema("integer")),
        new("path-renamed", false, "an operation's path renamed", null, RenameFirstPath),
        new("success-status-changed", false, "the success status of an operation changed", null, ChangeSuccessStatus),
        new("success-body-added", false, "a success response without a body gets one", null,
            spec => SuccessResponse(First(spec))["content"] = JsonContent(new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["deleted"] = Schema("boolean") },
            })),
    ];

    /// <summary>Applies a setup to the base spec.</summary>
    public static void ApplySetup(string setup, JsonObject spec)
    {
        if (setup == WithRequestEnums)
        {
            AddRequestEnums(spec);
            return;
        }

        if (setup != WithBodyAndOptionalQuery)
        {
            throw new ArgumentException($"Unknown setup '{setup}'.", nameof(setup));
        }

        Parameters(First(spec)).Add(Parameter(OptionalQuery, "query", required: false, "boolean"));
        Schemas(spec)["MatrixNote"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("content"),
            ["properties"] = new JsonObject { ["content"] = Schema("string") },
        };
        var note = new JsonObject { ["$ref"] = "#/components/schemas/MatrixNote" };
        Paths(spec)["/matrix-notes"] = new JsonObject
        {
            ["post"] = new JsonObject
            {
                ["tags"] = new JsonArray(FirstTag(spec)),
                ["operationId"] = $"{FirstTag(spec)}.createMatrixNote",
                ["requestBody"] = new JsonObject { ["required"] = true, ["content"] = JsonContent(note.DeepClone()) },
                ["responses"] = new JsonObject { ["201"] = new JsonObject { ["description"] = "Created", ["content"] = JsonContent(note.DeepClone()) } },
            },
        };
    }

    // Request-only: the generated MatrixOrderPriority is an extensible struct, MatrixOrderLevel a C# enum.
    private static void AddRequestEnums(JsonObject spec)
    {
        Schemas(spec)["MatrixOrder"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("priority"),
            ["properties"] = new JsonObject
            {
                ["priority"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("low", "high") },
                ["level"] = new JsonObject { ["type"] = "integer", ["enum"] = new JsonArray(1, 2) },
            },
        };
        Paths(spec)["/matrix-orders"] = new JsonObject
        {
            ["post"] = new JsonObject
            {
                ["tags"] = new JsonArray(FirstTag(spec)),
                ["operationId"] = $"{FirstTag(spec)}.createMatrixOrder",
                ["requestBody"] = new JsonObject { ["required"] = true, ["content"] = JsonContent(new JsonObject { ["$ref"] = "#/components/schemas/MatrixOrder" }) },
                ["responses"] = new JsonObject { ["204"] = new JsonObject { ["description"] = "Accepted" } },
            },
        };
    }

    private static JsonObject Paths(JsonObject spec) => spec["paths"]!.AsObject();

    private static JsonArray FirstStringEnum(JsonObject spec)
    {
        var pending = new Stack<JsonNode>([Schemas(spec)]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is JsonObject { } schema && schema["enum"] is JsonArray values && schema["type"]?.GetValue<string>() == "string")
            {
                return values;
            }

            foreach (var child in node is JsonObject o ? o.Select(p => p.Value) : node as JsonArray ?? [])
            {
                if (child is not null)
                {
                    pending.Push(child);
                }
            }
        }

        throw new InvalidOperationException("The spec's component schemas have no string enum to extend.");
    }

    private static JsonObject Schemas(JsonObject spec)
    {
        var components = spec["components"] as JsonObject ?? (JsonObject)(spec["components"] = new JsonObject());
        return components["schemas"] as JsonObject ?? (JsonObject)(components["schemas"] = new JsonObject());
    }

    private static JsonObject First(JsonObject spec) =>
        Paths(spec).Select(p => p.Value).OfType<JsonObject>().SelectMany(p => p).Select(m => m.Value).OfType<JsonObject>()
            .FirstOrDefault(o => o["operationId"] is not null)
        ?? throw new InvalidOperationException("The spec has no operation to change.");

    private static string FirstTag(JsonObject spec) => First(spec)["tags"]?[0]?.GetValue<string>() ?? "Default";

    private static JsonArray Parameters(JsonObject operation) =>
        operation["parameters"] as JsonArray ?? (JsonArray)(operation["parameters"] = new JsonArray());

    private static JsonObject PathParameter(JsonObject operation) =>
        Parameters(operation).OfType<JsonObject>().FirstOrDefault(p => p["in"]?.GetValue<string>() == "path")
        ?? throw new InvalidOperationException("The first operation has no path parameter to retype.");

    private static JsonObject Responses(JsonObject operation) => operation["responses"]!.AsObject();

    private static JsonObject SuccessResponse(JsonObject operation)
    {
        var success = Responses(operation).FirstOrDefault(r => r.Key.StartsWith('2')).Value as JsonObject
            ?? throw new InvalidOperationException("The first operation declares no success response.");
        return success["content"] is null ? success : throw new InvalidOperationException("The first operation's success response already has a body.");
    }

    private static void ChangeSuccessStatus(JsonObject spec)
    {
        var responses = Responses(First(spec));
        var (status, response) = responses.First(r => r.Key.StartsWith('2'));
        responses.Remove(status);
        responses[status == "202" ? "200" : "202"] = response;
    }

    private static void RenameFirstPath(JsonObject spec)
    {
        var paths = Paths(spec);
        var (path, item) = paths.First();
        paths.Remove(path);
        paths["/renamed" + path] = item;
    }

    private static JsonObject FirstSchemaWithProperties(JsonObject spec) =>
        Schemas(spec).Select(s => s.Value).OfType<JsonObject>().FirstOrDefault(s => s["properties"] is JsonObject)
        ?? throw new InvalidOperationException("The spec has no schema with properties.");

    private static JsonObject Properties(JsonObject schema) => schema["properties"]!.AsObject();

    private static JsonObject Schema(string type) => new() { ["type"] = type };

    private static JsonObject Parameter(string name, string location, bool required, string type) => new()
    {
        ["name"] = name,
        ["in"] = location,
        ["required"] = required,
        ["description"] = $"Added by the contract matrix ({location}).",
        ["schema"] = Schema(type),
    };

    private static JsonObject JsonContent(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static void AddOperation(JsonObject spec, string path, string method, string operationId, string tag) =>
        Paths(spec)[path] = new JsonObject
        {
            [method] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["operationId"] = operationId,
                ["parameters"] = new JsonArray(Parameter("limit", "query", required: false, "integer")),
                ["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "The items",
                        ["content"] = JsonContent(new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject { ["items"] = new JsonObject { ["type"] = "array", ["items"] = Schema("string") } },
                        }),
                    },
                },
            },
        };
}
