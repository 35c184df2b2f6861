using System.Text.Json.Serialization;

namespace Datagrid.Cli.Journal;

/// <summary>The journal line that says what its results are for (written once, when the journal is created).</summary>
internal sealed record JournalContextEntry(
    [property: JsonPropertyName("context")] JournalContext Context,
    [property: JsonPropertyName("at")] DateTimeOffset At);
