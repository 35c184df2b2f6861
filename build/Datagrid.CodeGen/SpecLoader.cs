using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace Datagrid.CodeGen;

/// <summary>Reads and validates an OpenAPI 3.x document (YAML or JSON) and returns it as OpenAPI 3.0 JSON.</summary>
public static class SpecLoader
{
    public static async Task<JsonObject> LoadAsJsonAsync(string path)
    {
        if (!File.Exists(path))
        {
            throw new SpecException("file not found.");
        }

        var settings = new OpenApiReaderSettings();
        settings.TryAddReader(OpenApiConstants.Yaml, new OpenApiYamlReader());
        settings.TryAddReader(OpenApiConstants.Yml, new OpenApiYamlReader());

        await using var stream = File.OpenRead(path);
        var result = await OpenApiDocument.LoadAsync(stream, format: null, settings);
        var errors = result.Diagnostic?.Errors ?? [];
        if (result.Document is null || errors.Count > 0)
        {
            var details = string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}"));
            throw new SpecException($"not a valid OpenAPI 3.x document: {details}");
        }

        // NSwag reads 3.0; serialising through the object model also resolves YAML's scalar typing for us.
        var text = await result.Document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0);
        return JsonNode.Parse(text)?.AsObject() ?? throw new SpecException("the document serialised to nothing.");
    }
}
