namespace Datagrid.Redis.Queue;

/// <summary>One unit of work of a <see cref="DatagridWorkQueue"/>: a user memory id in a teamspace, in a round.</summary>
/// <param name="Teamspace">The teamspace sent as <c>Datagrid-Teamspace</c>; null for the client's own.</param>
/// <param name="Id">The user memory id.</param>
/// <param name="Round">1 for the first enqueue; each re-queue of a failed item starts the next round.</param>
public readonly record struct WorkItem(string? Teamspace, string Id, int Round = 1);

/// <summary>What became of a work item.</summary>
public enum WorkOutcomeKind
{
    /// <summary>The server deleted it (204).</summary>
    Deleted,

    /// <summary>The API's 404: nothing to delete (also what a DELETE re-sent after a worker died before recording it answers).</summary>
    Absent,

    /// <summary>The delete failed; see the reason.</summary>
    Failed,
}

/// <summary>The outcome of one work item in one round, as stored in Redis and exported by the report.</summary>
public sealed record WorkOutcome
{
    /// <summary>The user memory id.</summary>
    public required string Id { get; init; }

    /// <summary>The teamspace, or null.</summary>
    public string? Teamspace { get; init; }

    /// <summary>Deleted, absent or failed.</summary>
    public required WorkOutcomeKind Outcome { get; init; }

    /// <summary>The last HTTP status, or null when no response came.</summary>
    public int? Status { get; init; }

    /// <summary>Requests sent for the item, retries included, when known.</summary>
    public int? Attempts { get; init; }

    /// <summary>The server's <c>X-Request-Id</c> of the last response.</summary>
    public string? RequestId { get; init; }

    /// <summary>When the outcome was known.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Why it failed (null unless failed).</summary>
    public string? Reason { get; init; }

    /// <summary>The round the outcome belongs to.</summary>
    public int Round { get; init; } = 1;

    /// <summary>The worker (consumer name) that recorded it.</summary>
    public string? Worker { get; init; }

    /// <summary>
    /// True when no other item can succeed either with this worker's settings (refused key, unreachable host): the
    /// worker records the item and stops claiming. Not stored.
    /// </summary>
    public bool StopsTheWorker { get; init; }

    /// <summary>The rate limit the response reported (<c>X-RateLimit-Limit</c>), for the queue's status. Not stored in the outcome.</summary>
    public int? RateLimit { get; init; }
}

/// <summary>What <see cref="DatagridWorkQueue.EnqueueAsync"/> did.</summary>
/// <param name="Added">Items added to the queue.</param>
/// <param name="AlreadyQueued">Items already in the queue, not finished yet (nothing added).</param>
/// <param name="AlreadyDone">Items already deleted or proven absent (nothing added).</param>
/// <param name="AlreadyFailed">Items whose last round failed (nothing added; re-queue failed items to retry them).</param>
public sealed record EnqueueResult(long Added, long AlreadyQueued, long AlreadyDone, long AlreadyFailed);

/// <summary>What a queue is tied to: created by its first enqueue. Only the key's fingerprint is stored, never the key.</summary>
/// <param name="BaseUrl">The API base URL every worker must use.</param>
/// <param name="KeyFingerprint">The first 12 hex digits of the SHA-256 of the API key.</param>
/// <param name="Created">When the queue was created.</param>
/// <param name="Rounds">Rounds started (1 + the re-queues of failed items).</param>
public sealed record WorkQueueInfo(Uri BaseUrl, string KeyFingerprint, DateTimeOffset Created, int Rounds);
