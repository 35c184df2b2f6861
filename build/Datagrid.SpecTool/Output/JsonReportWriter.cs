using System.Text.Encodings.Web;
using System.Text.Json;
using Datagrid.SpecTool.Comparison;

namespace Datagrid.SpecTool.Output;

/// <summary>
/// Machine-readable report. Shape (stable; tests pin it):
/// <c>{ "old", "new", "breaking": bool, "failed": bool, "summary": { "breaking", "warning", "info" },
/// "changes": [ { "scope", "operationId", "rule", "level", "severity", "why", "message" } ] }</c>.
/// <c>severity</c> repeats <c>level</c> for readers of the older two-level shape.
/// </summary>
internal static class JsonReportWriter
{
    public static void Write(ContractReport report, TextWriter writer, Level failOn = Level.Breaking)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("old", report.OldName);
            json.WriteString("new", report.NewName);
            json.WriteBoolean("breaking", report.HasBreaking);
            json.WriteBoolean("failed", report.Fails(failOn));
            json.WriteStartObject("summary");
            json.WriteNumber("breaking", report.BreakingCount);
            json.WriteNumber("warning", report.WarningCount);
            json.WriteNumber("info", report.InfoCount);
            json.WriteEndObject();
            json.WriteStartArray("changes");
            foreach (var change in report.Changes)
            {
                json.WriteStartObject();
                json.WriteString("scope", change.Scope);
                json.WriteString("operationId", change.OperationId);
                json.WriteString("rule", change.Rule);
                json.WriteString("level", change.Level.Name());
                json.WriteString("severity", change.Level.Name());
                json.WriteString("why", RuleCatalog.Find(change.Rule)?.Why);
                json.WriteString("message", change.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
