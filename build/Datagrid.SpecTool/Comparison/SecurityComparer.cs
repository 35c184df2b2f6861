using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Security: an operation's effective requirements (its own, else the document's) and the scheme definitions.
/// Any changed requirement or scheme breaks callers (their credentials stop matching); dropping security
/// altogether does not (credentials are still sent, just not needed).
/// </summary>
internal static class SecurityComparer
{
    public static void CompareRequirements(ChangeLog log, OperationPair pair)
    {
        var oldAlternatives = Alternatives(pair.Old.Security ?? pair.OldDocument.Security);
        var newAlternatives = Alternatives(pair.New.Security ?? pair.NewDocument.Security);
        if (oldAlternatives.SetEquals(newAlternatives))
        {
            return;
        }

        var before = Describe(oldAlternatives);
        var after = Describe(newAlternatives);
        if (newAlternatives.Count == 0 || newAlternatives.Contains(string.Empty))
        {
            log.NonBreaking(RuleIds.SecurityRemoved, $"security requirement {before} removed; the operation accepts anonymous calls.");
        }
        else
        {
            log.Breaking(RuleIds.SecurityChanged, $"security requirement changed from {before} to {after}.");
        }
    }

    public static void CompareSchemes(ChangeLog log, OpenApiDocument oldDocument, OpenApiDocument newDocument)
    {
        var oldSchemes = oldDocument.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>();
        var newSchemes = newDocument.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var (name, oldScheme) in oldSchemes)
        {
            if (!newSchemes.TryGetValue(name, out var newScheme))
            {
                log.Breaking(RuleIds.SecuritySchemeRemoved, $"security scheme '{name}' ({Describe(oldScheme)}) removed.");
            }
            else if (Describe(oldScheme) != Describe(newScheme))
            {
                log.Breaking(RuleIds.SecuritySchemeChanged, $"security scheme '{name}' changed from {Describe(oldScheme)} to {Describe(newScheme)}.");
            }
        }

        foreach (var name in newSchemes.Keys.Where(k => !oldSchemes.ContainsKey(k)))
        {
            log.NonBreaking(RuleIds.SecuritySchemeAdded, $"security scheme '{name}' ({Describe(newSchemes[name])}) added.");
        }
    }

    private static string Describe(IOpenApiSecurityScheme scheme) => scheme.Type switch
    {
        SecuritySchemeType.Http => $"http {scheme.Scheme?.ToLowerInvariant()}",
        SecuritySchemeType.ApiKey => $"apiKey in {scheme.In?.ToString().ToLowerInvariant()} '{scheme.Name}'",
        SecuritySchemeType.OpenIdConnect => $"openIdConnect {scheme.OpenIdConnectUrl}",
        _ => scheme.Type?.ToString() ?? "unknown",
    };

    // Each requirement object is one alternative: all its schemes (with scopes) together.
    private static HashSet<string> Alternatives(IList<OpenApiSecurityRequirement>? requirements) =>
        (requirements ?? []).Select(r => string.Join(" + ", r
            .Select(kv => kv.Value.Count == 0 ? kv.Key.Reference?.Id : $"{kv.Key.Reference?.Id}[{string.Join(",", kv.Value.Order(StringComparer.Ordinal))}]")
            .Order(StringComparer.Ordinal)))
        .ToHashSet(StringComparer.Ordinal);

    private static string Describe(HashSet<string> alternatives) =>
        alternatives.Count == 0 ? "(none)" : string.Join(" or ", alternatives.Order(StringComparer.Ordinal).Select(a => a.Length == 0 ? "(anonymous)" : a));
}
