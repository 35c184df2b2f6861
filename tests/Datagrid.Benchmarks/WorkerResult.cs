namespace Datagrid.Benchmarks;

/// <summary>What one `datagrid` worker process reported (its --json summary) and when it ended.</summary>
internal sealed record WorkerResult(int ExitCode, int Deleted, int Failed, int Requests, int Throttled, TimeSpan RunTime, DateTimeOffset EndedAt, string Error)
{
    /// <summary>When the worker started deleting (its reported run time before its end): process start-up excluded.</summary>
    public DateTimeOffset StartedAt => EndedAt - RunTime;
}
