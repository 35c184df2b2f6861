using System.Text.Json;
using System.Text.Json.Nodes;
using SharpYaml.Serialization;

namespace Datagrid.SpecTool.Loading;

/// <summary>
/// The spec's raw node tree, read once and handed to the OpenAPI reader, so keywords the reader drops can be kept:
/// OpenAPI 3.0's boolean <c>exclusiveMaximum</c>/<c>exclusiveMinimum</c> survive only when a <c>maximum</c>/<c>minimum</c>
/// stands beside them; they are copied into <c>x-exclusiveMaximum</c>/<c>x-exclusiveMinimum</c> extensions, which the reader keeps.
/// </summary>
internal static class RawTree
{
    public const string ExclusiveMaximumFlag = "x-exclusiveMaximum";
    public const string ExclusiveMinimumFlag = "x-exclusiveMinimum";

    public static JsonNode? TryParse(ExtractedSpec spec)
    {
        try
        {
            if (spec.Format == SpecFormat.Json)
            {
                return JsonNode.Parse(spec.Text);
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(spec.Text));
            return stream.Documents.Count == 1 ? Microsoft.OpenApi.YamlReader.YamlConverter.ToJsonNode(stream.Documents[0]) : null;
        }
        catch (Exception e) when (e is JsonException or SharpYaml.YamlException or InvalidOperationException or ArgumentException)
        {
            // Let the reader parse the text itself and report the problem its usual way.
            return null;
        }
    }

    public static JsonNode KeepDroppedKeywords(JsonNode root)
    {
        if (root is JsonObject document && document["openapi"]?.GetValueKind() == JsonValueKind.String && document["openapi"]!.GetValue<string>().StartsWith("3.0", StringComparison.Ordinal))
        {
            Walk(root, 0);
        }

        return root;
    }

    private static void Walk(JsonNode? node, int depth)
    {
        if (depth > 256)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                CopyFlag(obj, "exclusiveMaximum", ExclusiveMaximumFlag);
                CopyFlag(obj, "exclusiveMinimum", ExclusiveMinimumFlag);
                foreach (var (_, child) in obj.ToList())
                {
                    Walk(child, depth + 1);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, depth + 1);
                }

                break;
        }
    }

    private static void CopyFlag(JsonObject obj, string keyword, string extension)
    {
        if (obj[keyword] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False && !obj.ContainsKey(extension))
        {
            obj[extension] = value.GetValueKind() == JsonValueKind.True;
        }
    }
}
