using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Compares an operation's effective parameters (path-item ones overridden by operation ones).
/// Path parameters pair up by position in the template; others by location and name. A lone removed
/// parameter with a lone added one in the same location is reported as a rename.
/// Parameters become arguments of the generated method: removed, renamed, retyped or newly required ones break callers.
/// </summary>
internal static class ParameterComparer
{
    public static void Compare(ChangeLog log, OperationPair pair)
    {
        var oldParameters = Effective(pair.OldPathItem, pair.Old);
        var newParameters = Effective(pair.NewPathItem, pair.New);

        ComparePathParameters(log, pair, oldParameters, newParameters);

        var oldOthers = oldParameters.Where(p => p.In != ParameterLocation.Path).ToList();
        var newOthers = newParameters.Where(p => p.In != ParameterLocation.Path).ToList();
        var removed = oldOthers.Where(o => !newOthers.Any(n => SameKey(o, n))).ToList();
        var added = newOthers.Where(n => !oldOthers.Any(o => SameKey(o, n))).ToList();

        foreach (var oldParameter in oldOthers)
        {
            var newParameter = newOthers.FirstOrDefault(n => SameKey(oldParameter, n));
            if (newParameter is not null)
            {
                CompareMatched(log, oldParameter, newParameter);
            }
        }

        foreach (var location in removed.Select(p => p.In).Distinct().ToList())
        {
            var removedHere = removed.Where(p => p.In == location).ToList();
            var addedHere = added.Where(p => p.In == location).ToList();
            if (removedHere.Count == 1 && addedHere.Count == 1)
            {
                log.Breaking(RuleIds.ParameterRenamed, $"{Describe(removedHere[0])} renamed to '{addedHere[0].Name}'.");
                CompareMatched(log, removedHere[0], addedHere[0]);
                removed.Remove(removedHere[0]);
                added.Remove(addedHere[0]);
            }
        }

        foreach (var parameter in removed)
        {
            log.Breaking(RuleIds.ParameterRemoved, $"{Describe(parameter)} removed; the generated method loses that argument.");
        }

        foreach (var parameter in added)
        {
            log.Add(parameter.Required ? RuleIds.ParameterRequiredAdded : RuleIds.ParameterOptionalAdded, parameter.Required,
                parameter.Required ? $"{Describe(parameter)} added as required; existing calls do not pass it." : $"{Describe(parameter)} added, optional.");
        }
    }

    private static void ComparePathParameters(ChangeLog log, OperationPair pair, List<IOpenApiParameter> oldParameters, List<IOpenApiParameter> newParameters)
    {
        var oldNames = PathTemplate.ParameterNames(pair.OldPath);
        var newNames = PathTemplate.ParameterNames(pair.NewPath);
        for (var i = 0; i < Math.Min(oldNames.Count, newNames.Count); i++)
        {
            var oldParameter = oldParameters.FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == oldNames[i]);
            var newParameter = newParameters.FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == newNames[i]);
            if (oldNames[i] != newNames[i])
            {
                log.Breaking(RuleIds.ParameterRenamed, $"path parameter '{oldNames[i]}' renamed to '{newNames[i]}'; the generated argument is renamed.");
            }

            if (oldParameter is not null && newParameter is not null)
            {
                CompareMatched(log, oldParameter, newParameter);
            }
        }
    }

    private static void CompareMatched(ChangeLog log, IOpenApiParameter oldParameter, IOpenApiParameter newParameter)
    {
        if (!oldParameter.Required && newParameter.Required)
        {
            log.Breaking(RuleIds.ParameterNowRequired, $"{Describe(newParameter)} is now required.");
        }
        else if (oldParameter.Required && !newParameter.Required)
        {
            log.NonBreaking(RuleIds.ParameterNowOptional, $"{Describe(newParameter)} is now optional.");
        }

        var oldType = SchemaTypeDescriber.Describe(oldParameter.Schema);
        var newType = SchemaTypeDescriber.Describe(newParameter.Schema);
        if (oldType != newType)
        {
            log.Breaking(RuleIds.ParameterRetyped, $"{Describe(newParameter)} type changed from {oldType} to {newType}.");
        }
        else if (oldParameter.Schema is not null && newParameter.Schema is not null)
        {
            EnumComparer.Compare(log, SchemaDirection.Request, oldParameter.Schema, newParameter.Schema, Describe(newParameter));
        }
    }

    private static List<IOpenApiParameter> Effective(IOpenApiPathItem pathItem, OpenApiOperation operation)
    {
        var result = new List<IOpenApiParameter>(operation.Parameters ?? []);
        result.AddRange((pathItem.Parameters ?? []).Where(p => !result.Any(o => SameKey(o, p))));
        return result;
    }

    private static bool SameKey(IOpenApiParameter a, IOpenApiParameter b) => a.In == b.In && a.Name == b.Name;

    private static string Describe(IOpenApiParameter parameter) => $"{parameter.In?.ToString().ToLowerInvariant()} parameter '{parameter.Name}'";
}
