using System.Text.Json.Serialization;

namespace Datagrid.Cli.Journal;

/// <summary>
/// The rate limit a run learned from the server (<c>X-RateLimit-Limit</c>) and the window it paced to: recorded at the
/// end of a run so that a later <c>--dry-run</c> can estimate the finish time. Journals without it resume as before.
/// </summary>
internal sealed record JournalBudget(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("window_seconds")] double WindowSeconds);

/// <summary>The journal line carrying a <see cref="JournalBudget"/>.</summary>
internal sealed record JournalBudgetEntry(
    [property: JsonPropertyName("budget")] JournalBudget Budget,
    [property: JsonPropertyName("at")] DateTimeOffset At);
