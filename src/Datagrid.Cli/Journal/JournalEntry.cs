using System.Text.Json.Serialization;

namespace Datagrid.Cli.Journal;

/// <summary>One line of the journal (JSON lines): what happened to one id, and when.</summary>
/// <remarks>
/// <c>teamspace</c> is written only when the row had one; a line without it (also every line of journals written
/// before rows carried a teamspace) belongs to the teamspace of the journal's context.
/// </remarks>
internal sealed record JournalEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    [JsonPropertyName("teamspace")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Teamspace { get; init; }
}
