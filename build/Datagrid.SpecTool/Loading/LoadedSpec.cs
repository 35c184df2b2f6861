using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Loading;

/// <summary>
/// A parsed OpenAPI 3.x document with the text it came from. <see cref="Problems"/> lists what makes it invalid
/// (always empty in strict mode, which refuses such documents); the diff reports them as findings.
/// </summary>
internal sealed record LoadedSpec(string Name, OpenApiDocument Document, OpenApiSpecVersion Version, ExtractedSpec Source, IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<string> Problems { get; init; } = [];
}
