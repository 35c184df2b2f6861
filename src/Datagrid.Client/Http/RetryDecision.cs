namespace Datagrid.Http;

/// <summary>Whether to retry an attempt, why, and how long to wait first.</summary>
/// <param name="Retry">True to send another attempt.</param>
/// <param name="Reason">What went wrong, e.g. "429", "503", "connection_error", "timeout" (a metric tag: low cardinality).</param>
/// <param name="Delay">How long to wait before the next attempt.</param>
/// <param name="WaitSource">Where <paramref name="Delay"/> came from (retry-after-ms, Retry-After, backoff).</param>
/// <param name="ServerWait">The wait the server asked for, if it said one (even when not honoured).</param>
/// <param name="Why">When not retried: why not, for the log.</param>
internal readonly record struct RetryDecision(
    bool Retry,
    string Reason,
    TimeSpan Delay,
    string WaitSource,
    TimeSpan? ServerWait,
    string? Why)
{
    public static RetryDecision No(string reason, string? why, TimeSpan? serverWait = null) =>
        new(false, reason, TimeSpan.Zero, "none", serverWait, why);
}
