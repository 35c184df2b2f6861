using System.Text.Encodings.Web;
using System.Text.Json;
using Datagrid.SpecTool.Comparison;

namespace Datagrid.SpecTool.Output;

/// <summary>
/// Machine-readable report. Shape (stable; tests pin it):
/// <c>{ "old", "new", "breaking": bool, "summary": { "breaking", "nonBreaking" },
/// "changes": [ { "scope", "operationId", "rule", "severity": "breaking"|"non-breaking", "message" } ] }</c>.
/// </summary>
internal static class JsonReportWriter
{
    public static void Write(ContractReport report, TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("old", report.OldName);
            json.WriteString("new", report.NewName);
            json.WriteBoolean("breaking", report.HasBreaking);
            json.WriteStartObject("summary");
            json.WriteNumber("breaking", report.BreakingCount);
            json.WriteNumber("nonBreaking", report.NonBreakingCount);
            json.WriteEndObject();
            json.WriteStartArray("changes");
            foreach (var change in report.Changes)
            {
                json.WriteStartObject();
                json.WriteString("scope", change.Scope);
                json.WriteString("operationId", change.OperationId);
                json.WriteString("rule", change.Rule);
                json.WriteString("severity", change.IsBreaking ? "breaking" : "non-breaking");
                json.WriteString("message", change.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
