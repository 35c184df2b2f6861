using System.Text.Json.Serialization;

namespace Datagrid.Cli.Journal;

/// <summary>One line of the journal (JSON lines): what happened to one id, and when.</summary>
internal sealed record JournalEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At);
