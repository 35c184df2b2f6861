namespace Datagrid.Cli.Deleting;

/// <summary>The result of deleting one id.</summary>
/// <param name="Id">The user memory id.</param>
/// <param name="Outcome">Deleted, absent or failed.</param>
/// <param name="StatusCode">The last HTTP status, or null when no response came.</param>
/// <param name="Reason">Why it failed (null unless <see cref="DeleteOutcome.Failed"/>).</param>
/// <param name="StopsTheRun">True when no other id can succeed either (e.g. the key is refused), so the run stops.</param>
internal sealed record DeleteResult(string Id, DeleteOutcome Outcome, int? StatusCode, string? Reason = null, bool StopsTheRun = false)
{
    /// <summary>Whether the id needs no more work (deleted or already absent).</summary>
    public bool IsDone => Outcome is DeleteOutcome.Deleted or DeleteOutcome.Absent;
}
