using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Loading;

/// <summary>A parsed, validated OpenAPI 3.x document with the text it came from.</summary>
internal sealed record LoadedSpec(string Name, OpenApiDocument Document, OpenApiSpecVersion Version, ExtractedSpec Source, IReadOnlyList<string> Warnings);
