using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Security: an operation's effective requirements (its own, else the document's) and the scheme definitions.
/// Requirements are alternatives (OR) of scheme sets (AND) with scopes. A change breaks callers only when some old
/// alternative no longer satisfies any new one: a caller authenticating the old way must still get in. Adding an
/// alternative, or dropping a scheme or scope from one, breaks nobody.
/// </summary>
internal static class SecurityComparer
{
    public static void CompareRequirements(ChangeLog log, OperationPair pair)
    {
        var oldAlternatives = Alternatives(pair.Old.Security ?? pair.OldDocument.Security);
        var newAlternatives = Alternatives(pair.New.Security ?? pair.NewDocument.Security);
        var before = Describe(oldAlternatives);
        var after = Describe(newAlternatives);
        if (before == after)
        {
            return;
        }

        if (IsAnonymous(newAlternatives))
        {
            log.Report(RuleIds.SecurityRemoved, $"security requirement {before} removed; the operation accepts anonymous calls.");
            return;
        }

        if (oldAlternatives.Count == 0)
        {
            log.Report(RuleIds.SecurityAdded, $"security requirement {after} added to an operation that needed none.");
            return;
        }

        var stranded = oldAlternatives.Where(old => !newAlternatives.Any(alternative => Satisfies(old, alternative))).ToList();
        if (stranded.Count > 0)
        {
            log.Report(RuleIds.SecurityTightened, $"security requirement changed from {before} to {after}; callers authenticating with {Describe(stranded)} are refused.");
        }
        else
        {
            log.Report(RuleIds.SecurityChanged, $"security requirement changed from {before} to {after}; every old way to authenticate still works.");
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
                log.Report(RuleIds.SecuritySchemeRemoved, $"security scheme '{name}' ({Describe(oldScheme)}) removed.");
            }
            else if (Describe(oldScheme) != Describe(newScheme))
            {
                log.Report(RuleIds.SecuritySchemeChanged, $"security scheme '{name}' changed from {Describe(oldScheme)} to {Describe(newScheme)}.");
            }
        }

        foreach (var name in newSchemes.Keys.Where(k => !oldSchemes.ContainsKey(k)))
        {
            log.Report(RuleIds.SecuritySchemeAdded, $"security scheme '{name}' ({Describe(newSchemes[name])}) added.");
        }
    }

    // Everything a client must match: the type and its details, OAuth2 flow URLs and the scopes each flow offers.
    private static string Describe(IOpenApiSecurityScheme? scheme) => scheme?.Type switch
    {
        null => "unknown",
        SecuritySchemeType.Http => $"http {scheme.Scheme?.ToLowerInvariant()}{(scheme.BearerFormat is { } format ? $" ({format})" : string.Empty)}",
        SecuritySchemeType.ApiKey => $"apiKey in {scheme.In?.ToString().ToLowerInvariant()} '{scheme.Name}'",
        SecuritySchemeType.OpenIdConnect => $"openIdConnect {scheme.OpenIdConnectUrl}",
        SecuritySchemeType.OAuth2 => $"oauth2 {DescribeFlows(scheme.Flows)}",
        _ => scheme.Type.ToString()!,
    };

    private static string DescribeFlows(OpenApiOAuthFlows? flows)
    {
        if (flows is null)
        {
            return "(no flows)";
        }

        var parts = new[] { ("implicit", flows.Implicit), ("password", flows.Password), ("clientCredentials", flows.ClientCredentials), ("authorizationCode", flows.AuthorizationCode) }
            .Where(f => f.Item2 is not null)
            .Select(f => $"{f.Item1}[auth {f.Item2!.AuthorizationUrl}, token {f.Item2.TokenUrl}, refresh {f.Item2.RefreshUrl}, scopes {string.Join(",", (f.Item2.Scopes ?? new Dictionary<string, string>()).Keys.Order(StringComparer.Ordinal))}]");
        return string.Join(" ", parts);
    }

    private sealed record Alternative(IReadOnlyDictionary<string, IReadOnlySet<string>> Schemes)
    {
        public override string ToString() => Schemes.Count == 0 ? "(anonymous)"
            : string.Join(" + ", Schemes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Count == 0 ? s.Key : $"{s.Key}[{string.Join(",", s.Value.Order(StringComparer.Ordinal))}]"));
    }

    // A caller holding everything the old alternative asks for meets the new one if it asks for no more.
    private static bool Satisfies(Alternative held, Alternative required) =>
        required.Schemes.All(s => held.Schemes.TryGetValue(s.Key, out var scopes) && s.Value.IsSubsetOf(scopes));

    private static bool IsAnonymous(List<Alternative> alternatives) => alternatives.Count == 0 || alternatives.Any(a => a.Schemes.Count == 0);

    private static List<Alternative> Alternatives(IList<OpenApiSecurityRequirement>? requirements) =>
        (requirements ?? []).Select(r => new Alternative(r
            .GroupBy(kv => kv.Key.Reference?.Id ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.SelectMany(kv => kv.Value).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal)))
        .ToList();

    private static string Describe(List<Alternative> alternatives) =>
        alternatives.Count == 0 ? "(none)" : string.Join(" or ", alternatives.Select(a => a.ToString()).Distinct().Order(StringComparer.Ordinal));
}
