using Datagrid.SpecTool.Comparison;

namespace Datagrid.SpecTool.Output;

/// <summary>Plain-text report grouped by operation, breaking changes first within each group.</summary>
internal static class HumanReportWriter
{
    public static void Write(ContractReport report, TextWriter writer)
    {
        if (report.Changes.Count == 0)
        {
            writer.WriteLine($"No contract changes between {report.OldName} and {report.NewName}.");
            return;
        }

        writer.WriteLine($"Contract changes from {report.OldName} to {report.NewName}:");
        foreach (var group in report.Changes.GroupBy(c => (c.Scope, c.OperationId)))
        {
            writer.WriteLine();
            writer.WriteLine(group.Key.OperationId is null ? group.Key.Scope : $"{group.Key.Scope} ({group.Key.OperationId})");
            foreach (var change in group.OrderBy(c => c.Level))
            {
                writer.WriteLine($"  {change.Level.Name().ToUpperInvariant(),-8}  {change.Rule}: {change.Message}");
            }
        }

        writer.WriteLine();
        writer.WriteLine($"{report.BreakingCount} breaking, {report.WarningCount} warning, {report.InfoCount} info change(s).");
    }
}
