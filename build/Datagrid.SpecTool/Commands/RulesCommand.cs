using System.Text.Encodings.Web;
using System.Text.Json;
using Datagrid.SpecTool.Comparison;

namespace Datagrid.SpecTool.Commands;

/// <summary><c>rules [--format text|json|markdown]</c>: the rule catalog; the markdown form is the table in the api-updates guide.</summary>
internal static class RulesCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(OutputFormat format, TextWriter stdout)
    {
        switch (format)
        {
            case OutputFormat.Json:
                stdout.WriteLine(JsonSerializer.Serialize(
                    RuleCatalog.All.Select(r => new { id = r.Id, level = r.Level.Name(), why = r.Why, stricterThanPeers = r.Stricter }),
                    JsonOptions));
                break;
            case OutputFormat.Markdown:
                stdout.Write(MarkdownTable());
                break;
            default:
                foreach (var rule in RuleCatalog.All)
                {
                    stdout.WriteLine($"{rule.Id,-42} {rule.Level.Name(),-8} {rule.Why}");
                }

                break;
        }

        return ExitCodes.Ok;
    }

    public static string MarkdownTable()
    {
        var table = new System.Text.StringBuilder();
        table.Append("| rule | level | why |\n| --- | --- | --- |\n");
        foreach (var rule in RuleCatalog.All)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{rule.Id}` | {rule.Level.Name()}{(rule.Stricter ? " (stricter than peers; `--relax`)" : string.Empty)} | {rule.Why} |\n");
        }

        return table.ToString();
    }
}
