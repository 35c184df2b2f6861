using System.Text.Json.Serialization;

namespace Datagrid.Cli.Journal;

/// <summary>
/// What a journal's results are true for: the same ids under another base URL, teamspace or key are other memories
/// (or none), so a journal written under one must not let a run under another skip ids. The key is kept only as a
/// fingerprint: the first 12 hex digits of its SHA-256, enough to tell keys apart, useless to recover one.
/// </summary>
internal sealed record JournalContext(
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("teamspace")] string? Teamspace,
    [property: JsonPropertyName("key_sha256")] string KeyFingerprint)
{
    /// <summary>The teamspace recorded for a run whose input names a teamspace on every row.</summary>
    public const string PerRow = "(per row)";

    public static JournalContext For(Uri baseUrl, string? teamspace, string apiKey) =>
        new(baseUrl.AbsoluteUri, teamspace, Fingerprint(apiKey));

    /// <summary>The teamspace of the journal lines that do not name one (null for a per-row journal).</summary>
    [JsonIgnore]
    public string? RowTeamspace => Teamspace == PerRow ? null : Teamspace;

    /// <summary>The first 12 hex digits of the key's SHA-256: the same fingerprint the work queue stores.</summary>
    public static string Fingerprint(string apiKey) => Redis.Queue.DatagridWorkQueue.KeyFingerprint(apiKey);

    /// <summary>Names what differs from <paramref name="other"/>, or null when both are the same.</summary>
    public string? Difference(JournalContext other)
    {
        var differences = new List<string>();
        if (!string.Equals(BaseUrl, other.BaseUrl, StringComparison.Ordinal))
        {
            differences.Add($"base URL {other.BaseUrl} (now {BaseUrl})");
        }

        if (!string.Equals(Teamspace, other.Teamspace, StringComparison.Ordinal))
        {
            differences.Add($"teamspace {other.Teamspace ?? "(none)"} (now {Teamspace ?? "(none)"})");
        }

        if (!string.Equals(KeyFingerprint, other.KeyFingerprint, StringComparison.Ordinal))
        {
            differences.Add($"an API key with fingerprint {other.KeyFingerprint} (now {KeyFingerprint})");
        }

        return differences.Count == 0 ? null : string.Join(", ", differences);
    }
}
