namespace Datagrid.Redis.Queue;

/// <summary>How far a queue is: counts over the current round of every item, per teamspace, per worker.</summary>
public sealed record WorkQueueStatus
{
    /// <summary>Distinct items ever enqueued.</summary>
    public required long Total { get; init; }

    /// <summary>Items deleted (their last round).</summary>
    public required long Deleted { get; init; }

    /// <summary>Items proven absent (the API's 404).</summary>
    public required long Absent { get; init; }

    /// <summary>Items whose last round failed (re-queue them to retry).</summary>
    public required long Failed { get; init; }

    /// <summary>Items waiting for a worker: not claimed yet.</summary>
    public required long Queued { get; init; }

    /// <summary>Items claimed by a worker and not acknowledged yet (a dead worker's count here until the lease ends).</summary>
    public required long InFlight { get; init; }

    /// <summary>Items in flight per worker (consumer name).</summary>
    public required IReadOnlyDictionary<string, long> InFlightPerWorker { get; init; }

    /// <summary>Per teamspace: remaining items, the rate of the last window and the budget.</summary>
    public required IReadOnlyList<TeamspaceStatus> Teamspaces { get; init; }

    /// <summary>The earliest time the queue can be done at each teamspace's budget; null when a budget is not known yet.</summary>
    public DateTimeOffset? EarliestFinish { get; init; }

    /// <summary>What the queue is tied to.</summary>
    public required WorkQueueInfo Info { get; init; }

    /// <summary>Items not finished in their current round (queued + in flight).</summary>
    public long Remaining => Queued + InFlight;
}

/// <summary>One teamspace of a queue.</summary>
/// <param name="Teamspace">The teamspace, or null for none.</param>
/// <param name="Total">Items of the teamspace.</param>
/// <param name="Remaining">Items not finished in their current round.</param>
/// <param name="RecentCount">Outcomes recorded in the last window.</param>
/// <param name="Limit">The budget (requests per window) workers last saw, when reported.</param>
/// <param name="Window">The window the rate and budget are counted over.</param>
public sealed record TeamspaceStatus(string? Teamspace, long Total, long Remaining, long RecentCount, int? Limit, TimeSpan Window);
