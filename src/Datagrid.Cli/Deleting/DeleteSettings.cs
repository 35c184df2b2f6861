namespace Datagrid.Cli.Deleting;

/// <summary>Everything one bulk delete needs, already checked. Built by the command line or by the demo.</summary>
internal sealed record DeleteSettings
{
    /// <summary>The API base URL (ends in /v1).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The API key. Never printed.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Teamspace id, sent as <c>Datagrid-Teamspace</c>, or null.</summary>
    public string? Teamspace { get; init; }

    /// <summary>Deletes in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Retries per id inside the client (429s, 5xx, connection errors).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>
    /// The server's rate-limit window when known (the demo knows its local server's), so the client-side limiter paces
    /// exactly; null keeps the client's default, Datagrid's documented 60 s. No header carries the window length.
    /// </summary>
    public TimeSpan? RateLimitWindow { get; init; }

    /// <summary>Journal file, or null for none.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Print the summary as JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>Describes the settings without the API key.</summary>
    public override string ToString() =>
        $"DeleteSettings {{ BaseUrl = {BaseUrl}, ApiKey = (hidden), Teamspace = {Teamspace ?? "(none)"}, Concurrency = {Concurrency}, MaxRetries = {MaxRetries} }}";
}
