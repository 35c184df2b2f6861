using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Datagrid.Redis.Queue;

/// <summary>
/// Deletes what it claims from a <see cref="DatagridWorkQueue"/>: joins the consumer group of every teamspace's stream,
/// takes new items and items whose worker's lease ran out, deletes each through the delegate given (normally a
/// <c>MemoryClient</c> paced by the shared Redis rate limit: <see cref="WorkQueueDeleter"/>), stores the outcome and
/// only then acknowledges the item, in one Redis script. Each teamspace has its own loop and slots, so a teamspace
/// waiting for its window holds nothing another could use.
/// </summary>
public sealed partial class DatagridQueueWorker
{
    private readonly DatagridWorkQueue _queue;
    private readonly Func<WorkItem, CancellationToken, Task<WorkOutcome>> _delete;
    private readonly DatagridQueueWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _deleted;
    private long _absent;
    private long _failed;
    private long _duplicates;
    private string? _stoppedBecause;

    /// <summary>Creates a worker; <see cref="RunAsync"/> runs it.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="delete">Deletes one item and says how it went; only cancellation should escape it.</param>
    /// <param name="options">Lease, concurrency, polling.</param>
    /// <param name="logger">Logs Redis trouble and a stop.</param>
    /// <param name="timeProvider">The clock for leases and polling.</param>
    public DatagridQueueWorker(DatagridWorkQueue queue, Func<WorkItem, CancellationToken, Task<WorkOutcome>> delete, DatagridQueueWorkerOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(delete);
        _options = options ?? new DatagridQueueWorkerOptions();
        _options.Validate();
        _queue = queue;
        _delete = delete;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        ConsumerName = _options.ConsumerName
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
    }

    /// <summary>This worker's consumer name.</summary>
    public string ConsumerName { get; }

    /// <summary>Called after each outcome this worker recorded (progress displays).</summary>
    public Action<WorkOutcome>? Recorded { get; set; }

    /// <summary>
    /// Claims and deletes until <paramref name="stopping"/> is cancelled (then: no new claims, the items in flight are
    /// finished, recorded and acknowledged), until the queue is empty (with <see cref="DatagridQueueWorkerOptions.ExitWhenEmpty"/>),
    /// or until a result says no other item can succeed (refused key). <paramref name="aborting"/> gives up the items in
    /// flight: they stay claimed and another worker takes them over after the lease.
    /// </summary>
    public async Task<QueueWorkerResult> RunAsync(CancellationToken stopping, CancellationToken aborting = default)
    {
        using var claiming = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var loops = new Dictionary<string, Task>(StringComparer.Ordinal);
        var queueEmpty = false;
        while (!claiming.IsCancellationRequested)
        {
            try
            {
                foreach (var token in await _queue.TeamspaceTokensAsync().ConfigureAwait(false))
                {
                    if (!loops.ContainsKey(token))
                    {
                        loops[token] = RunTeamspaceAsync(token, claiming, aborting);
                    }
                }

                if (_options.ExitWhenEmpty && await _queue.OutstandingAsync().ConfigureAwait(false) <= 0)
                {
                    queueEmpty = true;
                    break;
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogRedisTrouble(_logger, e.Message);
            }

            await DelayAsync(_options.PollInterval, claiming.Token).ConfigureAwait(false);
        }

        await claiming.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops.Values).ConfigureAwait(false);
        await LeaveAsync(loops.Keys).ConfigureAwait(false);
        return new QueueWorkerResult(Interlocked.Read(ref _deleted), Interlocked.Read(ref _absent), Interlocked.Read(ref _failed), Interlocked.Read(ref _duplicates), queueEmpty, _stoppedBecause);
    }

    private async Task RunTeamspaceAsync(string token, CancellationTokenSource claiming, CancellationToken aborting)
    {
        // Let the discovering loop go on at once.
        await Task.Yield();
        var stream = _queue.StreamKey(token);
        var db = _queue.Database;
        using var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var inFlight = new List<Task>();
        var leaseMs = (long)_options.Lease.TotalMilliseconds;
        while (!claiming.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(claiming.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var free = 1;
            while (slots.Wait(0, CancellationToken.None))
            {
                free++;
            }

            StreamEntry[] entries;
            long[] deliveries = [];
            try
            {
                // Items whose worker stopped answering first, then new ones.
                // XAUTOCLAIM looks at about ten times COUNT pending entries per call: follow its cursor through the
                // pending list (held mostly by live workers) so an abandoned item further on is found too.
                var found = new List<StreamEntry>();
                RedisValue cursor = "0-0";
                for (var pass = 0; pass < 16 && found.Count < free; pass++)
                {
                    var reclaimed = await db.StreamAutoClaimAsync(stream, WorkQueueScripts.Group, ConsumerName, leaseMs, cursor, free - found.Count).ConfigureAwait(false);
                    found.AddRange(reclaimed.ClaimedEntries.Where(e => !e.IsNull));
                    cursor = reclaimed.NextStartId;
                    if (cursor == "0-0")
                    {
                        break;
                    }
                }

                entries = [.. found];
                if (entries.Length == 0)
                {
                    entries = await db.StreamReadGroupAsync(stream, WorkQueueScripts.Group, ConsumerName, ">", free).ConfigureAwait(false);
                }
                else
                {
                    LogReclaimed(_logger, entries.Length, token);
                    deliveries = await DeliveriesAsync(stream, entries).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogRedisTrouble(_logger, e.Message);
                entries = [];
            }

            if (free > entries.Length)
            {
                slots.Release(free - entries.Length);
            }
            inFlight.RemoveAll(t => t.IsCompleted);
            for (var i = 0; i < entries.Length; i++)
            {
                inFlight.Add(ProcessAsync(token, stream, entries[i], i < deliveries.Length ? deliveries[i] : 1, slots, claiming, aborting));
            }

            if (entries.Length == 0)
            {
                await DelayAsync(_options.PollInterval, claiming.Token).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    /// <summary>
    /// How often each taken-over entry has been delivered. This is the stream's own count: the XAUTOCLAIM that took the
    /// entry over raised it in the same command, so it cannot miss a take-over by a worker that died right after
    /// claiming, costs no write of ours, and a re-queued item (a new entry) starts again at 1 with nothing to reset.
    /// One pipelined XPENDING per taken-over entry, only when something was taken over.
    /// </summary>
    private async Task<long[]> DeliveriesAsync(RedisKey stream, StreamEntry[] entries)
    {
        var pending = await Task.WhenAll(entries.Select(e =>
            _queue.Database.StreamPendingMessagesAsync(stream, WorkQueueScripts.Group, 1, ConsumerName, e.Id, e.Id))).ConfigureAwait(false);
        // Not pending with us any more (recorded or taken over meanwhile): handled as usual; the record script settles it.
        return [.. pending.Select(p => p.Length == 1 ? (long)p[0].DeliveryCount : 1L)];
    }

    private async Task ProcessAsync(string token, RedisKey stream, StreamEntry entry, long deliveries, SemaphoreSlim slots, CancellationTokenSource claiming, CancellationToken aborting)
    {
        try
        {
            var item = new WorkItem(DatagridWorkQueue.FromToken(token), entry["i"].ToString(), int.Parse(entry["r"].ToString(), CultureInfo.InvariantCulture));
            if (deliveries > _options.MaxDeliveries)
            {
                // Its earlier workers all stopped without an outcome: sending it again would most likely stop this one too.
                var abandoned = new WorkOutcome
                {
                    Id = item.Id,
                    Teamspace = item.Teamspace,
                    Round = item.Round,
                    Worker = ConsumerName,
                    Outcome = WorkOutcomeKind.Failed,
                    Reason = string.Create(CultureInfo.InvariantCulture, $"abandoned by {deliveries - 1} workers without an outcome (more than {_options.MaxDeliveries} deliveries); requeue-failed sends it again"),
                    Time = _time.GetUtcNow(),
                };
                LogAbandoned(_logger, item.Id, deliveries - 1);
                if (await RecordAsync(token, item, abandoned, entry.Id, aborting).ConfigureAwait(false))
                {
                    Recorded?.Invoke(abandoned);
                }

                return;
            }

            using var renewing = CancellationTokenSource.CreateLinkedTokenSource(aborting);
            var renewal = RenewAsync(stream, entry.Id, renewing.Token);
            WorkOutcome outcome;
            try
            {
                outcome = await _delete(item, aborting).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborting.IsCancellationRequested)
            {
                // Left claimed: another worker takes it over after the lease, and the API's 404 tells if it was deleted.
                return;
            }
#pragma warning disable CA1031 // a delegate's unexpected failure is recorded as the item's reason instead of killing the worker
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = new WorkOutcome { Id = item.Id, Outcome = WorkOutcomeKind.Failed, Reason = $"{e.GetType().Name}: {e.Message}", Time = _time.GetUtcNow() };
            }
            finally
            {
                await renewing.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
            }

            outcome = outcome with { Id = item.Id, Teamspace = item.Teamspace, Round = item.Round, Worker = ConsumerName };
            if (await RecordAsync(token, item, outcome, entry.Id, aborting).ConfigureAwait(false))
            {
                Recorded?.Invoke(outcome);
            }

            if (outcome.StopsTheWorker)
            {
                _stoppedBecause ??= outcome.Reason;
                LogStopping(_logger, outcome.Reason);
                await claiming.CancelAsync().ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a bug here must not end the worker silently; the item stays claimed and is taken over after the lease
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogItemError(_logger, e.GetType().Name, e.Message);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Stores the outcome and acknowledges the item; retried while Redis is away (a restart), until aborted.</summary>
    private async Task<bool> RecordAsync(string token, WorkItem item, WorkOutcome outcome, RedisValue entryId, CancellationToken aborting)
    {
        var state = outcome.Outcome switch { WorkOutcomeKind.Deleted => "d", WorkOutcomeKind.Absent => "a", _ => "f" };
        var limit = outcome.RateLimit is { } l ? l.ToString(CultureInfo.InvariantCulture) : string.Empty;
        RedisValue[] args =
        [
            _queue.Prefix, token, item.Id, item.Round.ToString(CultureInfo.InvariantCulture), state, DatagridWorkQueue.ToJson(outcome), entryId,
            limit, _options.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var recorded = (long)(await _queue.Database.ScriptEvaluateAsync(WorkQueueScripts.Record, [_queue.Prefix + "items"], args).ConfigureAwait(false)) == 1;
                if (!recorded)
                {
                    Interlocked.Increment(ref _duplicates);
                    return false;
                }

                _ = outcome.Outcome switch
                {
                    WorkOutcomeKind.Deleted => Interlocked.Increment(ref _deleted),
                    WorkOutcomeKind.Absent => Interlocked.Increment(ref _absent),
                    _ => Interlocked.Increment(ref _failed),
                };
                return true;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogRedisTrouble(_logger, e.Message);
                try
                {
                    await Task.Delay(wait, _time, aborting).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private async Task RenewAsync(RedisKey stream, RedisValue entryId, CancellationToken stop)
    {
        var every = TimeSpan.FromTicks(_options.Lease.Ticks / 3);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _time, stop).ConfigureAwait(false);
                await _queue.Database.ScriptEvaluateAsync(WorkQueueScripts.Renew, [stream], [(RedisValue)(string)stream!, ConsumerName, entryId]).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The next renewal tries again; at worst another worker takes the item over and its 404 proves it absent.
                LogRedisTrouble(_logger, e.Message);
            }
        }
    }

    /// <summary>Removes this consumer from the groups where it holds nothing (it would linger in the status otherwise).</summary>
    private async Task LeaveAsync(IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            try
            {
                var stream = _queue.StreamKey(token);
                var mine = await _queue.Database.StreamPendingMessagesAsync(stream, WorkQueueScripts.Group, 1, ConsumerName).ConfigureAwait(false);
                if (mine.Length == 0)
                {
                    await _queue.Database.StreamDeleteConsumerAsync(stream, WorkQueueScripts.Group, ConsumerName).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogRedisTrouble(_logger, e.Message);
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Redis did not answer the work queue ({Reason}); trying again.")]
    private static partial void LogRedisTrouble(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Took over {Count} item(s) of teamspace '{Teamspace}' whose lease ran out ('' is none).")]
    private static partial void LogReclaimed(ILogger logger, int count, string teamspace);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "An item could not be processed ({Type}: {Reason}); it is taken over after its lease.")]
    private static partial void LogItemError(ILogger logger, string type, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Item '{Id}' was abandoned by {Workers} workers without an outcome; recorded as failed instead of sending it again.")]
    private static partial void LogAbandoned(ILogger logger, string id, long workers);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Stopping: {Reason}")]
    private static partial void LogStopping(ILogger logger, string? reason);
}
