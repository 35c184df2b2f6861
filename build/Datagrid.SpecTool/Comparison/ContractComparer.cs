using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Entry point of the comparison: document-level servers and security schemes, then every operation matched by
/// HTTP method and path shape, then webhooks (compared like operations: their payloads flow the same way).
/// </summary>
internal static class ContractComparer
{
    public static ContractReport Compare(OpenApiDocument oldDocument, OpenApiDocument newDocument, string oldName = "OLD", string newName = "NEW", RuleLevels? levels = null)
    {
        var changes = new List<ContractChange>();
        var documentLog = new ChangeLog(changes, ContractChange.DocumentScope, null, levels ?? RuleLevels.Default);
        ServerComparer.Compare(documentLog, oldDocument.Servers, newDocument.Servers, "document");
        SecurityComparer.CompareSchemes(documentLog, oldDocument, newDocument);

        CompareOperations(documentLog, Index(oldDocument.Paths), Index(newDocument.Paths), oldDocument, newDocument, webhooks: false);
        CompareOperations(documentLog, Index(oldDocument.Webhooks), Index(newDocument.Webhooks), oldDocument, newDocument, webhooks: true);

        return new ContractReport(oldName, newName, changes);
    }

    private static void CompareOperations(ChangeLog documentLog, List<IndexedOperation> oldOperations, List<IndexedOperation> newOperations, OpenApiDocument oldDocument, OpenApiDocument newDocument, bool webhooks)
    {
        var newByKey = newOperations.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var oldKeys = oldOperations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var newPathShapes = newOperations.Select(o => PathTemplate.Normalize(o.Path)).ToHashSet(StringComparer.Ordinal);

        foreach (var old in oldOperations)
        {
            var log = documentLog.For(old.Scope(webhooks), old.Operation.OperationId);
            if (!newByKey.TryGetValue(old.Key, out var match))
            {
                var moved = old.Operation.OperationId is { } id ? newOperations.FirstOrDefault(n => n.Operation.OperationId == id) : null;
                var note = moved is null ? string.Empty : $" (operationId '{moved.Operation.OperationId}' is now {moved.Scope(webhooks)})";
                if (webhooks)
                {
                    log.Report(RuleIds.WebhookRemoved, $"webhook {old.Path} ({old.Method.Method}) removed{note}.");
                }
                else if (newPathShapes.Contains(PathTemplate.Normalize(old.Path)))
                {
                    log.Report(RuleIds.MethodRemoved, $"method {old.Method.Method} removed from {old.Path}{note}.");
                }
                else
                {
                    log.Report(RuleIds.PathRemoved, $"path {old.Path} removed{note}.");
                }

                continue;
            }

            OperationComparer.Compare(log, new OperationPair(old.Method, old.Path, match.Path, old.PathItem, match.PathItem, old.Operation, match.Operation, oldDocument, newDocument));
        }

        foreach (var added in newOperations.Where(n => !oldKeys.Contains(n.Key)))
        {
            documentLog.For(added.Scope(webhooks), added.Operation.OperationId)
                .Report(webhooks ? RuleIds.WebhookAdded : RuleIds.OperationAdded, $"{(webhooks ? "webhook" : "operation")} added{(added.Operation.OperationId is { } id ? $" ('{id}')" : string.Empty)}.");
        }
    }

    private static List<IndexedOperation> Index(IDictionary<string, IOpenApiPathItem>? paths) =>
        (paths ?? new Dictionary<string, IOpenApiPathItem>())
            .Where(p => p.Value is not null)
            .SelectMany(p => (p.Value.Operations ?? []).Select(o => new IndexedOperation(o.Key, p.Key, p.Value, o.Value)))
            .ToList();

    private sealed record IndexedOperation(HttpMethod Method, string Path, IOpenApiPathItem PathItem, OpenApiOperation Operation)
    {
        public string Key => $"{Method.Method.ToUpperInvariant()} {PathTemplate.Normalize(Path)}";

        public string Scope(bool webhook) => webhook ? $"webhook {Path} {Method.Method}" : $"{Method.Method} {Path}";
    }
}
