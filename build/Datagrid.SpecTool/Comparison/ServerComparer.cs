using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// The first server URL is the generated client's default base URL: changing or removing it sends existing
/// callers elsewhere. Further servers are alternatives and only informative.
/// </summary>
internal static class ServerComparer
{
    public static void Compare(ChangeLog log, IList<OpenApiServer>? oldServers, IList<OpenApiServer>? newServers, string where)
    {
        var oldUrls = (oldServers ?? []).Select(s => s.Url ?? string.Empty).ToList();
        var newUrls = (newServers ?? []).Select(s => s.Url ?? string.Empty).ToList();
        var oldDefault = oldUrls.FirstOrDefault();
        var newDefault = newUrls.FirstOrDefault();
        if (oldDefault != newDefault)
        {
            log.Report(RuleIds.ServerChanged, $"{where} default server changed from {oldDefault ?? "(none)"} to {newDefault ?? "(none)"}; the client's default base URL changes.");
        }

        foreach (var removed in oldUrls.Skip(1).Where(u => !newUrls.Contains(u)))
        {
            log.Report(RuleIds.ServerChanged, $"{where} server {removed} removed.");
        }

        foreach (var added in newUrls.Skip(1).Where(u => !oldUrls.Contains(u)))
        {
            log.Report(RuleIds.ServerAdded, $"{where} server {added} added.");
        }
    }
}
