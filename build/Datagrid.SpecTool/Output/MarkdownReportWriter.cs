using Datagrid.SpecTool.Comparison;

namespace Datagrid.SpecTool.Output;

/// <summary>
/// A pull-request comment: a changelog of the API. Summary line, document-wide changes (servers, security schemes,
/// spec errors), then operations removed, changed and added,
/// operations with breaking changes first, each change with its level and rule.
/// </summary>
internal static class MarkdownReportWriter
{
    public static void Write(ContractReport report, TextWriter writer)
    {
        writer.WriteLine("## API changes");
        writer.WriteLine();
        writer.WriteLine($"`{report.OldName}` → `{report.NewName}`: **{report.BreakingCount} breaking**, {report.WarningCount} warning, {report.InfoCount} info.");
        if (report.Changes.Count == 0)
        {
            writer.WriteLine();
            writer.WriteLine("No contract changes.");
            return;
        }

        var groups = report.Changes.GroupBy(c => (c.Scope, c.OperationId)).ToList();
        var document = groups.Where(g => g.Key.Scope == ContractChange.DocumentScope).ToList();
        bool Is(IGrouping<(string, string?), ContractChange> g, params string[] rules) => g.All(c => rules.Contains(c.Rule));
        var removed = groups.Where(g => g.Any(c => c.Rule is RuleIds.PathRemoved or RuleIds.MethodRemoved or RuleIds.WebhookRemoved)).ToList();
        var added = groups.Where(g => Is(g, RuleIds.OperationAdded, RuleIds.WebhookAdded)).ToList();
        var changed = groups.Except(document).Except(removed).Except(added).OrderBy(g => g.Min(c => c.Level)).ToList();

        Section(writer, "Whole document", document);
        Section(writer, "Operations removed", removed);
        Section(writer, "Operations changed", changed);
        Section(writer, "Operations added", added);
    }

    private static void Section(TextWriter writer, string title, List<IGrouping<(string Scope, string? OperationId), ContractChange>> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine($"### {title}");
        foreach (var group in groups)
        {
            writer.WriteLine();
            writer.WriteLine(group.Key.OperationId is null ? $"#### `{group.Key.Scope}`" : $"#### `{group.Key.Scope}` ({Escape(group.Key.OperationId)})");
            writer.WriteLine();
            foreach (var change in group.OrderBy(c => c.Level))
            {
                writer.WriteLine($"- {Badge(change.Level)} `{change.Rule}`: {Escape(change.Message)}");
            }
        }
    }

    private static string Badge(Level level) => level switch
    {
        Level.Breaking => "**breaking**",
        Level.Warning => "*warning*",
        _ => "info",
    };

    // Keep spec text from turning into markup (schema names with underscores, angle brackets of array<...>).
    private static string Escape(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
