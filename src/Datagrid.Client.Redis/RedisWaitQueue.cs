namespace Datagrid.Redis;

/// <summary>
/// The calls of one process waiting for a slot of one partition, in arrival order. One pump at a time asks Redis for
/// as many slots as there are waiters in a single script call and hands them out, so refilling a window costs one
/// round trip per poll rather than one per waiting call.
/// </summary>
internal sealed class RedisWaitQueue
{
    public List<Waiter> Waiters { get; } = [];

    /// <summary>Whether a pump is running for this queue (guarded by locking the queue).</summary>
    public bool Pumping { get; set; }

    /// <summary>One waiting call: completed with its lease, with null (take a local permit: Redis failed) or cancelled.</summary>
    internal sealed class Waiter
    {
        public TaskCompletionSource<RedisSlotLease?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
