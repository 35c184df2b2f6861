using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Response headers, matched case-insensitively. Callers read them (this client lives on <c>Retry-After</c> and
/// <c>X-RateLimit-*</c>): a header removed, no longer required, retyped or serialised differently breaks them.
/// </summary>
internal static class HeaderComparer
{
    public static void Compare(ChangeLog log, string status, IDictionary<string, IOpenApiHeader>? oldHeaders, IDictionary<string, IOpenApiHeader>? newHeaders)
    {
        var oldMap = new Dictionary<string, IOpenApiHeader>(oldHeaders ?? new Dictionary<string, IOpenApiHeader>(), StringComparer.OrdinalIgnoreCase);
        var newMap = new Dictionary<string, IOpenApiHeader>(newHeaders ?? new Dictionary<string, IOpenApiHeader>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, oldHeader) in oldMap)
        {
            var where = $"response {status} header {name}";
            if (!newMap.TryGetValue(name, out var newHeader))
            {
                log.Report(RuleIds.ResponseHeaderRemoved, $"{where} removed.");
                continue;
            }

            if (oldHeader is null || newHeader is null)
            {
                continue;
            }

            if (oldHeader.Required && !newHeader.Required)
            {
                log.Report(RuleIds.ResponseHeaderNowOptional, $"{where} is no longer required; responses may come without it.");
            }

            if ((oldHeader.Style ?? ParameterStyle.Simple) != (newHeader.Style ?? ParameterStyle.Simple) || oldHeader.Explode != newHeader.Explode)
            {
                log.Report(RuleIds.ResponseHeaderStyleChanged, $"{where} serialization changed (style {oldHeader.Style ?? ParameterStyle.Simple}, explode {oldHeader.Explode} -> style {newHeader.Style ?? ParameterStyle.Simple}, explode {newHeader.Explode}).");
            }

            new SchemaComparer(log, SchemaDirection.Response, RuleIds.ResponseHeaderRetyped, RuleIds.ResponseHeaderRetyped).Compare(oldHeader.Schema, newHeader.Schema, where);
        }

        foreach (var name in newMap.Keys.Where(k => !oldMap.ContainsKey(k)))
        {
            log.Report(RuleIds.ResponseHeaderAdded, $"response {status} header {name} added.");
        }
    }
}
