using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>The same operation (method + path shape) in the old and the new document.</summary>
internal sealed record OperationPair(
    HttpMethod Method,
    string OldPath,
    string NewPath,
    IOpenApiPathItem OldPathItem,
    IOpenApiPathItem NewPathItem,
    OpenApiOperation Old,
    OpenApiOperation New,
    OpenApiDocument OldDocument,
    OpenApiDocument NewDocument);
