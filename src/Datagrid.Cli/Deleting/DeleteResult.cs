namespace Datagrid.Cli.Deleting;

/// <summary>The result of deleting one id.</summary>
/// <param name="Id">The user memory id.</param>
/// <param name="Outcome">Deleted, absent or failed.</param>
/// <param name="StatusCode">The last HTTP status, or null when no response came.</param>
/// <param name="Reason">Why it failed (null unless <see cref="DeleteOutcome.Failed"/>).</param>
/// <param name="StopsTheRun">True when no other id can succeed either (e.g. the key is refused), so the run stops.</param>
internal sealed record DeleteResult(string Id, DeleteOutcome Outcome, int? StatusCode, string? Reason = null, bool StopsTheRun = false)
{
    /// <summary>The teamspace the delete was sent to, or null for none.</summary>
    public string? Teamspace { get; init; }

    /// <summary>Requests the call sent (1 + retries), when known.</summary>
    public int? Attempts { get; init; }

    /// <summary>The server's request id (<c>X-Request-Id</c>) of the last response, when it sent one.</summary>
    public string? RequestId { get; init; }

    /// <summary>When the result was known.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Whether the id needs no more work (deleted or already absent).</summary>
    public bool IsDone => Outcome is DeleteOutcome.Deleted or DeleteOutcome.Absent;
}
