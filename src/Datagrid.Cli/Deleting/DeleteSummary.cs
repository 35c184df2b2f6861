namespace Datagrid.Cli.Deleting;

/// <summary>What a bulk delete did.</summary>
internal sealed record DeleteSummary
{
    /// <summary>Distinct ids asked for.</summary>
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

    /// <summary>True when Ctrl+C (or the caller) cancelled the run.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>Why the run stopped early on its own (e.g. the API key was refused), else null.</summary>
    public string? StoppedBecause { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>0 when every id is deleted or absent, 1 when some failed or were not attempted, 130 when cancelled.</summary>
    public int ExitCode => Cancelled ? ExitCodes.Cancelled : Failed.Count > 0 || NotAttempted > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
}
