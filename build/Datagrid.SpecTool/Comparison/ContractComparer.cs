using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Entry point of the comparison: document-level servers and security schemes, then every operation,
/// matched by HTTP method and path shape.
/// </summary>
internal static class ContractComparer
{
    public static ContractReport Compare(OpenApiDocument oldDocument, OpenApiDocument newDocument, string oldName = "OLD", string newName = "NEW")
    {
        var changes = new List<ContractChange>();
        var documentLog = new ChangeLog(changes, ContractChange.DocumentScope, null);
        ServerComparer.Compare(documentLog, oldDocument.Servers, newDocument.Servers, "document");
        SecurityComparer.CompareSchemes(documentLog, oldDocument, newDocument);

        var oldOperations = Index(oldDocument);
        var newOperations = Index(newDocument);
        var newPathShapes = newOperations.Select(o => PathTemplate.Normalize(o.Path)).ToHashSet(StringComparer.Ordinal);

        foreach (var old in oldOperations)
        {
            var log = new ChangeLog(changes, $"{old.Method.Method} {old.Path}", old.Operation.OperationId);
            var match = newOperations.FirstOrDefault(n => n.Key == old.Key);
            if (match is null)
            {
                var moved = old.Operation.OperationId is { } id ? newOperations.FirstOrDefault(n => n.Operation.OperationId == id) : null;
                var note = moved is null ? string.Empty : $" (operationId '{moved.Operation.OperationId}' is now {moved.Method.Method} {moved.Path})";
                if (newPathShapes.Contains(PathTemplate.Normalize(old.Path)))
                {
                    log.Breaking(RuleIds.MethodRemoved, $"method {old.Method.Method} removed from {old.Path}{note}.");
                }
                else
                {
                    log.Breaking(RuleIds.PathRemoved, $"path {old.Path} removed{note}.");
                }

                continue;
            }

            OperationComparer.Compare(log, new OperationPair(old.Method, old.Path, match.Path, old.PathItem, match.PathItem, old.Operation, match.Operation, oldDocument, newDocument));
        }

        foreach (var added in newOperations.Where(n => !oldOperations.Any(o => o.Key == n.Key)))
        {
            new ChangeLog(changes, $"{added.Method.Method} {added.Path}", added.Operation.OperationId)
                .NonBreaking(RuleIds.OperationAdded, $"operation added{(added.Operation.OperationId is { } id ? $" ('{id}')" : string.Empty)}.");
        }

        return new ContractReport(oldName, newName, changes);
    }

    private static List<IndexedOperation> Index(OpenApiDocument document) =>
        (document.Paths ?? [])
            .SelectMany(p => (p.Value.Operations ?? []).Select(o => new IndexedOperation(o.Key, p.Key, p.Value, o.Value)))
            .ToList();

    private sealed record IndexedOperation(HttpMethod Method, string Path, IOpenApiPathItem PathItem, OpenApiOperation Operation)
    {
        public string Key => $"{Method.Method.ToUpperInvariant()} {PathTemplate.Normalize(Path)}";
    }
}
