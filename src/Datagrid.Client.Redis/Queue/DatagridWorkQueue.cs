using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Datagrid.Redis.Queue;

/// <summary>
/// A shared work queue of user-memory deletes on Redis Streams: one stream per teamspace with one consumer group, so
/// any number of workers (<see cref="DatagridQueueWorker"/>) can join, a dead worker's items are taken over after their
/// lease, and each item of each round ends exactly once as deleted, absent or failed. Nothing is kept on a worker's
/// disk. The queue records the base URL and the API key's fingerprint at its first enqueue, never the key.
/// </summary>
/// <remarks>
/// Keys (all with the hash tag of the queue name): <c>meta</c> (base URL, key fingerprint, rounds), <c>items</c>
/// (each item's round and state: the de-duplication set), <c>s:TEAMSPACE</c> (a stream per teamspace, group
/// <c>workers</c>), <c>counts</c>, <c>failed</c>, <c>log</c> (every round's outcome, in order), <c>budget</c> and
/// <c>rate:*</c> (for the status). The queue needs Redis to persist every write (append-only file with
/// <c>appendfsync always</c>) to survive a Redis crash without losing acknowledgements.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a work queue, not a collection type.")]
public sealed partial class DatagridWorkQueue
{
    private const int Batch = 500;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly IDatabase _db;

    /// <summary>Opens (does not create) the queue <paramref name="name"/> on <paramref name="connection"/>.</summary>
    /// <param name="connection">The Redis connection (not disposed by the queue).</param>
    /// <param name="name">The queue's name: letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit.</param>
    /// <param name="keyPrefix">Prefix of every key (default <c>datagrid:queue:</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a safe key (<see cref="NameProblem"/> says why).</exception>
    public DatagridWorkQueue(IConnectionMultiplexer connection, string name, string keyPrefix = "datagrid:queue:")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        if (NameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        Connection = connection;
        _db = connection.GetDatabase();
        Name = name;
        Prefix = keyPrefix + "{" + name + "}:";
    }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>The connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    internal string Prefix { get; }

    internal IDatabase Database => _db;

    private RedisKey Meta => Prefix + "meta";

    /// <summary>Why <paramref name="name"/> cannot name a queue, or null when it can.</summary>
    public static string? NameProblem(string? name) =>
        name is not null && SafeName().IsMatch(name)
            ? null
            : $"The queue name '{name}' is not safe as a Redis key: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. purge-2026-12).";

    /// <summary>The first 12 hex digits of the SHA-256 of <paramref name="apiKey"/>: tells keys apart, recovers none.</summary>
    public static string KeyFingerprint(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..12];
    }

    /// <summary>What the queue is tied to, or null when nothing was ever enqueued under this name.</summary>
    public async Task<WorkQueueInfo?> GetInfoAsync()
    {
        var fields = await _db.HashGetAllAsync(Meta).ConfigureAwait(false);
        if (fields.Length == 0)
        {
            return null;
        }

        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        return new WorkQueueInfo(
            new Uri(map["base_url"]),
            map["key_sha256"],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(map["created"], CultureInfo.InvariantCulture)),
            map.TryGetValue("rounds", out var rounds) ? int.Parse(rounds, CultureInfo.InvariantCulture) : 1);
    }

    /// <summary>
    /// Checks that a worker with <paramref name="baseUrl"/> and the key of <paramref name="keyFingerprint"/> may work on
    /// the queue; returns what the queue is tied to.
    /// </summary>
    /// <exception cref="WorkQueueException">The queue does not exist, or was created for another base URL or key.</exception>
    public async Task<WorkQueueInfo> VerifyAsync(Uri baseUrl, string keyFingerprint)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var info = await GetInfoAsync().ConfigureAwait(false)
            ?? throw new WorkQueueException($"There is no queue '{Name}' in this Redis: enqueue ids first (datagrid user-memories enqueue --queue {Name} ...), or check --queue and --redis.");
        var differences = new List<string>();
        if (!string.Equals(info.BaseUrl.AbsoluteUri, baseUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            differences.Add($"base URL {info.BaseUrl.AbsoluteUri} (given {baseUrl.AbsoluteUri})");
        }

        if (!string.Equals(info.KeyFingerprint, keyFingerprint, StringComparison.Ordinal))
        {
            differences.Add($"an API key with fingerprint {info.KeyFingerprint} (given {keyFingerprint})");
        }

        return differences.Count == 0
            ? info
            : throw new WorkQueueException($"The queue '{Name}' was created for {string.Join(" and ", differences)}. Use the same base URL and key as the queue, or another queue name.");
    }

    /// <summary>
    /// Adds <paramref name="items"/> (their teamspace and id; the round is ignored) to the queue; an item already in the
    /// queue, in any state, is not added again. The first enqueue creates the queue tied to <paramref name="baseUrl"/>
    /// and <paramref name="keyFingerprint"/>; later ones must give the same.
    /// </summary>
    /// <exception cref="WorkQueueException">The queue was created for another base URL or key.</exception>
    public async Task<EnqueueResult> EnqueueAsync(Uri baseUrl, string keyFingerprint, IEnumerable<WorkItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(keyFingerprint);
        ArgumentNullException.ThrowIfNull(items);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        // Created once, whole (HSETNX is per field), then checked as a worker would check it.
        await _db.ScriptEvaluateAsync(
            "if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'base_url', ARGV[1], 'key_sha256', ARGV[2], 'created', ARGV[3], 'rounds', 1) end",
            [Meta], [baseUrl.AbsoluteUri, keyFingerprint, now]).ConfigureAwait(false);
        await VerifyAsync(baseUrl, keyFingerprint).ConfigureAwait(false);

        long added = 0, queued = 0, done = 0, failed = 0;
        var args = new List<RedisValue>(1 + (2 * Batch)) { Prefix };
        async Task FlushAsync()
        {
            var result = (RedisResult[])(await _db.ScriptEvaluateAsync(WorkQueueScripts.Enqueue, [Prefix + "items"], [.. args]).ConfigureAwait(false))!;
            added += (long)result[0];
            queued += (long)result[1];
            done += (long)result[2];
            failed += (long)result[3];
            args.RemoveRange(1, args.Count - 1);
        }

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            args.Add(Token(item.Teamspace));
            args.Add(item.Id);
            if (args.Count > 2 * Batch)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        if (args.Count > 1)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return new EnqueueResult(added, queued, done, failed);
    }

    /// <summary>Puts every failed item back in the queue in its next round; the earlier rounds' outcomes stay in the report.</summary>
    /// <returns>How many items were re-queued.</returns>
    public async Task<long> RequeueFailedAsync()
    {
        long total = 0;
        if (await _db.SetLengthAsync(Prefix + "failed").ConfigureAwait(false) > 0)
        {
            await _db.HashIncrementAsync(Meta, "rounds").ConfigureAwait(false);
        }

        while (true)
        {
            var moved = (long)(await _db.ScriptEvaluateAsync(WorkQueueScripts.RequeueFailed, [Prefix + "items"], [Prefix, Batch]).ConfigureAwait(false));
            total += moved;
            if (moved < Batch)
            {
                return total;
            }
        }
    }

    /// <summary>Every outcome of every round, in the order they were recorded.</summary>
    public async IAsyncEnumerable<WorkOutcome> ReadOutcomesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int page = 1000;
        for (long start = 0; ; start += page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lines = await _db.ListRangeAsync(Prefix + "log", start, start + page - 1).ConfigureAwait(false);
            foreach (var line in lines)
            {
                yield return FromJson(line.ToString());
            }

            if (lines.Length < page)
            {
                yield break;
            }
        }
    }

    /// <summary>The queue's counts, what is in flight per worker, and the rate and budget per teamspace.</summary>
    /// <exception cref="WorkQueueException">The queue does not exist.</exception>
    public async Task<WorkQueueStatus> GetStatusAsync()
    {
        var info = await GetInfoAsync().ConfigureAwait(false)
            ?? throw new WorkQueueException($"There is no queue '{Name}' in this Redis: check --queue and --redis.");
        var counts = (await _db.HashGetAllAsync(Prefix + "counts").ConfigureAwait(false))
            .ToDictionary(f => f.Name.ToString(), f => (long)f.Value, StringComparer.Ordinal);
        long Count(string field) => counts.TryGetValue(field, out var value) ? value : 0;
        var budgets = (await _db.HashGetAllAsync(Prefix + "budget").ConfigureAwait(false))
            .ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        var now = await RedisNowAsync().ConfigureAwait(false);

        long inFlight = 0;
        var perWorker = new Dictionary<string, long>(StringComparer.Ordinal);
        var teamspaces = new List<TeamspaceStatus>();
        double? finishSeconds = 0;
        foreach (var token in await TeamspaceTokensAsync().ConfigureAwait(false))
        {
            var pending = await _db.StreamPendingAsync(StreamKey(token), WorkQueueScripts.Group).ConfigureAwait(false);
            inFlight += pending.PendingMessageCount;
            foreach (var consumer in pending.Consumers)
            {
                perWorker[consumer.Name!] = perWorker.GetValueOrDefault(consumer.Name!) + consumer.PendingMessageCount;
            }

            int? limit = null;
            var window = TimeSpan.FromSeconds(60);
            if (budgets.TryGetValue(token, out var budget) && budget.Split('|') is [var l, var w])
            {
                limit = int.Parse(l, CultureInfo.InvariantCulture);
                window = TimeSpan.FromSeconds(double.Parse(w, CultureInfo.InvariantCulture));
            }

            var seconds = Math.Max(1, (int)Math.Ceiling(window.TotalSeconds));
            var keys = Enumerable.Range(0, seconds).Select(i => (RedisKey)$"{Prefix}rate:{token}:{now - i}").ToArray();
            var recent = (await _db.StringGetAsync(keys).ConfigureAwait(false)).Sum(v => v.HasValue ? (long)v : 0);
            var remaining = Count("total:" + token) - Count("done:" + token);
            teamspaces.Add(new TeamspaceStatus(FromToken(token), Count("total:" + token), remaining, recent, limit, window));
            if (remaining > 0)
            {
                finishSeconds = limit is > 0 && finishSeconds is { } sofar ? Math.Max(sofar, remaining * window.TotalSeconds / limit.Value) : null;
            }
        }

        var outstanding = Count("total") - Count("deleted") - Count("absent") - Count("failed");
        return new WorkQueueStatus
        {
            Total = Count("total"),
            Deleted = Count("deleted"),
            Absent = Count("absent"),
            Failed = Count("failed"),
            InFlight = inFlight,
            Queued = Math.Max(0, outstanding - inFlight),
            InFlightPerWorker = perWorker,
            Teamspaces = teamspaces,
            EarliestFinish = finishSeconds is { } f ? DateTimeOffset.FromUnixTimeSeconds(now).AddSeconds(f) : null,
            Info = info,
        };
    }

    /// <summary>Items not finished in their current round, held by a worker or not.</summary>
    public async Task<long> OutstandingAsync()
    {
        var values = await _db.HashGetAsync(Prefix + "counts", ["total", "deleted", "absent", "failed"]).ConfigureAwait(false);
        long V(int i) => values[i].HasValue ? (long)values[i] : 0;
        return V(0) - V(1) - V(2) - V(3);
    }

    internal async Task<IReadOnlyList<string>> TeamspaceTokensAsync() =>
        [.. (await _db.SetMembersAsync(Prefix + "teamspaces").ConfigureAwait(false)).Select(v => v.ToString()).Order(StringComparer.Ordinal)];

    internal RedisKey StreamKey(string token) => Prefix + "s:" + token;

    internal static string Token(string? teamspace) => teamspace ?? string.Empty;

    internal static string? FromToken(string token) => token.Length == 0 ? null : token;

    internal static string ToJson(WorkOutcome outcome) => JsonSerializer.Serialize(new StoredOutcome(
        outcome.Id, outcome.Teamspace, Text(outcome.Outcome), outcome.Status, outcome.Attempts, outcome.RequestId, outcome.Time, outcome.Reason, outcome.Round, outcome.Worker), Json);

    internal static string Text(WorkOutcomeKind kind) => kind switch
    {
        WorkOutcomeKind.Deleted => "deleted",
        WorkOutcomeKind.Absent => "absent",
        _ => "failed",
    };

    private static WorkOutcome FromJson(string line)
    {
        var stored = JsonSerializer.Deserialize<StoredOutcome>(line, Json)!;
        return new WorkOutcome
        {
            Id = stored.Id,
            Teamspace = stored.Teamspace,
            Outcome = stored.Outcome switch { "deleted" => WorkOutcomeKind.Deleted, "absent" => WorkOutcomeKind.Absent, _ => WorkOutcomeKind.Failed },
            Status = stored.Status,
            Attempts = stored.Attempts,
            RequestId = stored.RequestId,
            Time = stored.Time,
            Reason = stored.Reason,
            Round = stored.Round,
            Worker = stored.Worker,
        };
    }

    private async Task<long> RedisNowAsync()
    {
        var time = (RedisResult[])(await _db.ExecuteAsync("TIME").ConfigureAwait(false))!;
        return (long)time[0];
    }

    private const string SafeNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

#if NET
    [GeneratedRegex(SafeNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
#else
    private static readonly Regex SafeNameRegex = new(SafeNamePattern, RegexOptions.CultureInvariant);

    private static Regex SafeName() => SafeNameRegex;
#endif

    private sealed record StoredOutcome(string Id, string? Teamspace, string Outcome, int? Status, int? Attempts, string? RequestId, DateTimeOffset Time, string? Reason, int Round, string? Worker);
}

/// <summary>A queue that cannot be used as asked: it does not exist, or belongs to another base URL or key. The message says what to do.</summary>
public sealed class WorkQueueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkQueueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkQueueException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkQueueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
