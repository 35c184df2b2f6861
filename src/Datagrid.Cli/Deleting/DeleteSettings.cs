namespace Datagrid.Cli.Deleting;

/// <summary>Everything one bulk delete needs, already resolved and checked. Built by the command line or by the demo.</summary>
internal sealed record DeleteSettings
{
    /// <summary>The API base URL (ends in /v1/).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The API key. Never printed.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Teamspace id, sent as <c>Datagrid-Teamspace</c>, or null.</summary>
    public string? Teamspace { get; init; }

    /// <summary>Headers sent with every request (<c>DATAGRID_CUSTOM_HEADERS</c>, resolved by the library).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Plain http to a non-loopback host was allowed (<c>--allow-insecure-http</c>).</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>Deletes in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Retries per id inside the client (429s, 5xx, connection errors).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Per-attempt timeout of the client; null keeps the client's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The server's rate-limit window for the client-side limiter; null keeps the client's default, Datagrid's
    /// documented 60 s. No header carries the window length, so the demo (which knows its server's) and
    /// <c>--rate-limit-window</c> set it.
    /// </summary>
    public TimeSpan? RateLimitWindow { get; init; }

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>--redis</c> or <c>DATAGRID_REDIS</c>): pace against a rate-limit
    /// log shared in Redis with every other process using it; null: this process paces on its own.
    /// </summary>
    public string? Redis { get; init; }

    /// <summary>
    /// The user expects many ids to be gone already: do not stop when the first results are all "absent"
    /// (<c>--expect-absent</c>).
    /// </summary>
    public bool ExpectAbsent { get; init; }

    /// <summary>Journal file, or null for none.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Per-id report file (<c>--report</c>), or null for none.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The report's format (<c>--report-format</c>).</summary>
    public Reporting.ReportFormat ReportFormat { get; init; }

    /// <summary>Requests per window to assume from the start (<c>--rate-limit</c>); null learns it from the server.</summary>
    public int? RateLimit { get; init; }

    /// <summary>Refuse to start (exit 4) when <see cref="Redis"/> does not answer (<c>--require-redis</c>).</summary>
    public bool RequireRedis { get; init; }

    /// <summary>Each row names its teamspace (a <c>teamspace,user_memory_id</c> CSV); <see cref="Teamspace"/> is not used.</summary>
    public bool PerRowTeamspace { get; init; }

    /// <summary>What a journal of this run is tied to.</summary>
    public Journal.JournalContext JournalContext =>
        Journal.JournalContext.For(BaseUrl, PerRowTeamspace ? Journal.JournalContext.PerRow : Teamspace, ApiKey);

    /// <summary>Refuse to start when more deletes than this would be sent (<c>--max-delete</c>); null for no cap.</summary>
    public int? MaxDelete { get; init; }

    /// <summary>Only print the plan (<c>--dry-run</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Print the summary as JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>Describes the settings without the API key.</summary>
    public override string ToString() =>
        $"DeleteSettings {{ BaseUrl = {BaseUrl}, ApiKey = (hidden), Teamspace = {Teamspace ?? "(none)"}, Concurrency = {Concurrency}, MaxRetries = {MaxRetries} }}";
}
