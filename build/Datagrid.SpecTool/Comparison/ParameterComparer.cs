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

        // Path parameters pair by template position; one declared but absent from the template (invalid, yet common)
        // pairs by name like the others.
        var oldTemplate = PathTemplate.ParameterNames(pair.OldPath);
        var newTemplate = PathTemplate.ParameterNames(pair.NewPath);
        var oldOthers = oldParameters.Where(p => p.In != ParameterLocation.Path || !oldTemplate.Contains(p.Name ?? string.Empty)).ToList();
        var newOthers = newParameters.Where(p => p.In != ParameterLocation.Path || !newTemplate.Contains(p.Name ?? string.Empty)).ToList();
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
                log.Report(RuleIds.ParameterRenamed, $"{Describe(removedHere[0])} renamed to '{addedHere[0].Name}'.");
                CompareMatched(log, removedHere[0], addedHere[0]);
                removed.Remove(removedHere[0]);
                added.Remove(addedHere[0]);
            }
        }

        foreach (var parameter in removed)
        {
            log.Report(RuleIds.ParameterRemoved, $"{Describe(parameter)} removed; the generated method loses that argument.");
        }

        foreach (var parameter in added)
        {
            log.Report(parameter.Required ? RuleIds.ParameterRequiredAdded : RuleIds.ParameterOptionalAdded,
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
                log.Report(RuleIds.ParameterRenamed, $"path parameter '{oldNames[i]}' renamed to '{newNames[i]}'; the generated argument is renamed.");
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
            log.Report(RuleIds.ParameterNowRequired, $"{Describe(newParameter)} is now required.");
        }
        else if (oldParameter.Required && !newParameter.Required)
        {
            log.Report(RuleIds.ParameterNowOptional, $"{Describe(newParameter)} is now optional.");
        }

        var (oldStyle, oldExplode) = Serialization(oldParameter);
        var (newStyle, newExplode) = Serialization(newParameter);
        if (oldStyle != newStyle || oldExplode != newExplode)
        {
            log.Report(RuleIds.ParameterStyleChanged, $"{Describe(newParameter)} serialization changed from style {oldStyle}, explode {oldExplode} to style {newStyle}, explode {newExplode}.");
        }

#pragma warning disable CS0618 // AllowEmptyValue is discouraged by OpenAPI, but specs still use it and callers rely on it.
        var emptyValueDisallowed = oldParameter.AllowEmptyValue && !newParameter.AllowEmptyValue;
#pragma warning restore CS0618
        if (emptyValueDisallowed)
        {
            log.Report(RuleIds.ParameterEmptyValueDisallowed, $"{Describe(newParameter)} no longer allows an empty value.");
        }

        var oldDefault = SchemaText.Json(oldParameter.Schema?.Default);
        var newDefault = SchemaText.Json(newParameter.Schema?.Default);
        if (oldDefault is not null && newDefault is not null && oldDefault != newDefault)
        {
            log.Report(RuleIds.ParameterDefaultChanged, $"{Describe(newParameter)} default changed from {oldDefault} to {newDefault}; callers omitting it get another behaviour.");
        }

        new SchemaComparer(log, SchemaDirection.Request, RuleIds.ParameterRetyped, RuleIds.ParameterTypeWidened)
            .Compare(oldParameter.Schema, newParameter.Schema, Describe(newParameter));
    }

    // OpenAPI defaults: form + explode for query and cookie, simple without explode for path and header.
    private static (string Style, bool Explode) Serialization(IOpenApiParameter parameter)
    {
        var style = parameter.Style ?? (parameter.In is ParameterLocation.Query or ParameterLocation.Cookie ? ParameterStyle.Form : ParameterStyle.Simple);
        return (style.ToString().ToLowerInvariant(), parameter.Explode);
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
