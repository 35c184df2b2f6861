namespace Datagrid.Cli.Deleting;

/// <summary>What a bulk delete did.</summary>
internal sealed record DeleteSummary
{
    /// <summary>Distinct rows asked for.</summary>
    public required int Total { get; init; }

    /// <summary>Ids deleted by this run (204).</summary>
    public required int Deleted { get; init; }

    /// <summary>Ids that were already gone (404).</summary>
    public required int Absent { get; init; }

    /// <summary>Ids that failed, with the reason.</summary>
    public required IReadOnlyList<DeleteResult> Failed { get; init; }

    /// <summary>Ids skipped because the journal says an earlier run finished them.</summary>
    public required int SkippedFromJournal { get; init; }

    /// <summary>Ids not tried because the run was cancelled or stopped early.</summary>
    public required int NotAttempted { get; init; }

    /// <summary>
    /// Ids that were in flight when the journal or report failed, or when the run was interrupted: what happened to them
    /// is not recorded, so a resumed run sends them again (a delete is safe to repeat).
    /// </summary>
    public IReadOnlyList<string> NotRecorded { get; init; } = [];

    /// <summary>True when Ctrl+C, SIGTERM (or the caller) stopped the run.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>The exit code of the signal that stopped the run (130 SIGINT, 143 SIGTERM), when one did.</summary>
    public int? SignalExitCode { get; init; }

    /// <summary>Why the run stopped early on its own (e.g. the API key was refused), else null.</summary>
    public string? StoppedBecause { get; init; }

    /// <summary>The journal or report write that failed and stopped the run, else null.</summary>
    public string? WriteFailure { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// 3 when the journal or report could not be written; 130/143 when a signal stopped the run; 1 when some ids
    /// failed or were not attempted or the run stopped on its own (e.g. only "absent" answers: a wrong URL looks like
    /// that); 0 when every id is deleted or absent.
    /// </summary>
    public int ExitCode => WriteFailure is not null ? ExitCodes.WriteFailed
        : Cancelled ? SignalExitCode ?? ExitCodes.Cancelled
        : Failed.Count > 0 || NotAttempted > 0 || NotRecorded.Count > 0 || StoppedBecause is not null ? ExitCodes.SomeFailed
        : ExitCodes.Success;
}
