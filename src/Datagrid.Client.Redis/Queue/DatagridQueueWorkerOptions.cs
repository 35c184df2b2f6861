namespace Datagrid.Redis.Queue;

/// <summary>How a <see cref="DatagridQueueWorker"/> claims and holds work.</summary>
public sealed class DatagridQueueWorkerOptions
{
    /// <summary>The worker's consumer name in the group; default machine name, process id and a random suffix.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>
    /// How long an item claimed by a worker that stopped answering stays with it before another worker takes it over
    /// (default 5 minutes). Renewed every third of it while the worker's request is in flight, so a slow request
    /// (rate-limit waits, retries) keeps its item; set it well above how long a renewal can be delayed.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Items one worker holds at once per teamspace (default 8); the rate limit, not this, sets the pace.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How often an idle worker looks for new or abandoned items (default 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Stop once nothing is queued and nothing is in flight anywhere (a Kubernetes Job's worker).</summary>
    public bool ExitWhenEmpty { get; set; }

    /// <summary>The rate-limit window, reported with the budget for the queue's status (default 60 s, Datagrid's).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many workers may be given one item in a round (default 5): an item delivered more often than this (its
    /// workers died or stopped answering without an outcome, e.g. a delete that crashes the worker) is recorded as
    /// failed instead of being taken over again. A re-queued item starts counting afresh.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Describes the options.</summary>
    public override string ToString() =>
        $"DatagridQueueWorkerOptions {{ ConsumerName = {ConsumerName}, Lease = {Lease}, Concurrency = {Concurrency}, PollInterval = {PollInterval}, ExitWhenEmpty = {ExitWhenEmpty}, MaxDeliveries = {MaxDeliveries} }}";

    internal void Validate()
    {
        if (Lease <= TimeSpan.Zero || Concurrency < 1 || PollInterval <= TimeSpan.Zero || Window <= TimeSpan.Zero)
        {
            throw new ArgumentException($"DatagridQueueWorkerOptions needs a positive Lease, PollInterval and Window and a Concurrency of at least 1; got {this}.");
        }

        if (MaxDeliveries < 1)
        {
            throw new ArgumentException($"DatagridQueueWorkerOptions.MaxDeliveries must be at least 1 (1: an item is never taken over); got {MaxDeliveries}.");
        }
    }
}

/// <summary>What one worker did until it stopped.</summary>
/// <param name="Deleted">Items this worker recorded as deleted.</param>
/// <param name="Absent">Items this worker recorded as absent.</param>
/// <param name="Failed">Items this worker recorded as failed.</param>
/// <param name="Duplicates">Items this worker finished whose round another worker had recorded first (acknowledged, not counted).</param>
/// <param name="QueueEmpty">The worker stopped because nothing was left (<see cref="DatagridQueueWorkerOptions.ExitWhenEmpty"/>).</param>
/// <param name="StoppedBecause">Why the worker stopped on its own (refused key, unreachable host), else null.</param>
public sealed record QueueWorkerResult(long Deleted, long Absent, long Failed, long Duplicates, bool QueueEmpty, string? StoppedBecause);
