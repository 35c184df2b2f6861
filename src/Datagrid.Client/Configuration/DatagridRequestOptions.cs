namespace Datagrid;

/// <summary>
/// What a client made by <c>WithOptions</c> (<see cref="DatagridClient.WithOptions"/>, <c>MemoryClient.WithOptions</c>,
/// ...) changes for the calls made through it. Every property left unset keeps the value of the client it was made
/// from; the new client shares that client's pipeline, rate limiter and connections.
/// </summary>
/// <remarks>
/// Precedence, per request: an operation's own header parameter, then <see cref="Headers"/>, then the client's
/// <see cref="DatagridClientOptions.DefaultHeaders"/> (and <c>DATAGRID_CUSTOM_HEADERS</c>). <c>Authorization</c> comes
/// from the API key and <c>Datagrid-Teamspace</c> from <see cref="Teamspace"/> only.
/// </remarks>
public sealed class DatagridRequestOptions
{
    internal DatagridRequestOptions()
    {
    }

    /// <summary>Time allowed for one attempt, response body included (as <see cref="DatagridClientOptions.Timeout"/>); null keeps the client's.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How many times a failed request is retried (as <see cref="DatagridRetryOptions.MaxRetries"/>); null keeps the client's.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>
    /// Time allowed for the whole call: every attempt, the waits between them and the waits for a rate-limit permit
    /// (as <see cref="DatagridClientOptions.Deadline"/>). When it passes, the call ends with a
    /// <see cref="DatagridTimeoutException"/> that says so. Null keeps the client's;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> removes it.
    /// </summary>
    public TimeSpan? Deadline { get; set; }

    /// <summary>
    /// The teamspace the calls act on, sent as <c>Datagrid-Teamspace</c>; it also selects that teamspace's window in
    /// the shared client-side rate limiter. Null keeps the client's.
    /// </summary>
    public string? Teamspace { get; set; }

    /// <summary>
    /// Headers added to every request, replacing a default header of the same name (names are case-insensitive).
    /// <c>Authorization</c>, <c>Datagrid-Teamspace</c> and headers the API declares as operation parameters cannot be
    /// set here: <c>WithOptions</c> throws an <see cref="ArgumentException"/>.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
