namespace Datagrid.SpecTool.Comparison;

/// <summary>Compares one operation present in both documents: its id, then each aspect by its own comparer.</summary>
internal static class OperationComparer
{
    public static void Compare(ChangeLog log, OperationPair pair)
    {
        if (pair.Old.OperationId != pair.New.OperationId)
        {
            log.Report(RuleIds.OperationIdChanged, $"operationId changed from '{pair.Old.OperationId}' to '{pair.New.OperationId}'; the generated method is renamed.");
        }

        if (!pair.Old.Deprecated && pair.New.Deprecated)
        {
            log.Report(RuleIds.OperationDeprecated, "operation deprecated.");
        }

        ParameterComparer.Compare(log, pair);
        RequestBodyComparer.Compare(log, pair.Old.RequestBody, pair.New.RequestBody);
        ResponseComparer.Compare(log, pair.Old.Responses, pair.New.Responses);
        SecurityComparer.CompareRequirements(log, pair);
        CompareCallbacks(log, pair);

        // Operation- or path-level servers override the document's; those were compared already.
        var oldServers = pair.Old.Servers is { Count: > 0 } ? pair.Old.Servers : pair.OldPathItem.Servers;
        var newServers = pair.New.Servers is { Count: > 0 } ? pair.New.Servers : pair.NewPathItem.Servers;
        if (oldServers is { Count: > 0 } || newServers is { Count: > 0 })
        {
            ServerComparer.Compare(log, oldServers is { Count: > 0 } ? oldServers : pair.OldDocument.Servers, newServers is { Count: > 0 } ? newServers : pair.NewDocument.Servers, "operation");
        }
    }

    // Callbacks are requests the API makes to the caller: which ones exist is the contract compared here.
    private static void CompareCallbacks(ChangeLog log, OperationPair pair)
    {
        var oldCallbacks = pair.Old.Callbacks ?? new Dictionary<string, Microsoft.OpenApi.IOpenApiCallback>();
        var newCallbacks = pair.New.Callbacks ?? new Dictionary<string, Microsoft.OpenApi.IOpenApiCallback>();
        foreach (var name in oldCallbacks.Keys.Where(k => !newCallbacks.ContainsKey(k)))
        {
            log.Report(RuleIds.CallbackRemoved, $"callback '{name}' removed.");
        }

        foreach (var name in newCallbacks.Keys.Where(k => !oldCallbacks.ContainsKey(k)))
        {
            log.Report(RuleIds.CallbackAdded, $"callback '{name}' added.");
        }
    }
}
