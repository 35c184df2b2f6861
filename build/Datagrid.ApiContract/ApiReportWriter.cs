using System.Text;

namespace Datagrid.ApiContract;

/// <summary>Writes the C# API changes as text (CI log) or Markdown (the pull-request change log).</summary>
internal static class ApiReportWriter
{
    public static string Text(IReadOnlyList<ApiChange> changes)
    {
        var text = new StringBuilder();
        foreach (var change in Ordered(changes))
        {
            text.Append(Level(change.Level).PadRight(9)).Append(change.Kind.PadRight(23)).AppendLine(change.Type);
            if (change.Old is not null)
            {
                text.Append("    - ").AppendLine(change.Old);
            }

            if (change.New is not null)
            {
                text.Append("    + ").AppendLine(change.New);
            }
        }

        return text.Append(Summary(changes)).AppendLine().ToString();
    }

    public static string Markdown(IReadOnlyList<ApiChange> changes)
    {
        var text = new StringBuilder("#### C# API (public API listing)\n\n");
        if (changes.Count == 0)
        {
            return text.AppendLine("No change to the public API.").ToString();
        }

        foreach (var change in Ordered(changes))
        {
            text.Append("- **").Append(Level(change.Level).ToLowerInvariant()).Append("** `").Append(change.Kind).Append("` in `").Append(change.Type).AppendLine("`");
            if (change.Old is not null)
            {
                text.Append("  - before: `").Append(change.Old).AppendLine("`");
            }

            if (change.New is not null)
            {
                text.Append("  - after: `").Append(change.New).AppendLine("`");
            }
        }

        return text.AppendLine().AppendLine(Summary(changes)).ToString();
    }

    public static string Summary(IReadOnlyList<ApiChange> changes) =>
        $"{Count(changes, ApiChangeLevel.Breaking)} breaking, {Count(changes, ApiChangeLevel.Warning)} warning, {Count(changes, ApiChangeLevel.Info)} info change(s).";

    private static int Count(IReadOnlyList<ApiChange> changes, ApiChangeLevel level) => changes.Count(c => c.Level == level);

    private static IEnumerable<ApiChange> Ordered(IReadOnlyList<ApiChange> changes) =>
        changes.OrderByDescending(c => c.Level).ThenBy(c => c.Type, StringComparer.Ordinal);

    private static string Level(ApiChangeLevel level) => level switch
    {
        ApiChangeLevel.Breaking => "BREAKING",
        ApiChangeLevel.Warning => "WARNING",
        _ => "INFO",
    };
}
