using Microsoft.Extensions.Logging;

namespace Datagrid.Diagnostics;

/// <summary>
/// Every log line the client writes (category "Datagrid.Client"). Only method, path template, status, attempt and
/// timings are logged: never headers, bodies or the API key.
/// </summary>
internal static partial class DatagridLog
{
    public const string Category = "Datagrid.Client";

    [LoggerMessage(EventId = 1, EventName = "RetryScheduled", Level = LogLevel.Information,
        Message = "{Method} {Path}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms (wait from {WaitSource}).")]
    public static partial void RetryScheduled(ILogger logger, string method, string path, int attempt, string reason, long delayMs, string waitSource);

    [LoggerMessage(EventId = 2, EventName = "RetryAfterTooLong", Level = LogLevel.Warning,
        Message = "{Method} {Path}: the server asked to wait {RetryAfterMs} ms, longer than MaxRetryAfter ({MaxRetryAfterMs} ms); not waiting, failing the call now (attempt {Attempt}).")]
    public static partial void RetryAfterTooLong(ILogger logger, string method, string path, long retryAfterMs, long maxRetryAfterMs, int attempt);

    [LoggerMessage(EventId = 3, EventName = "NotRetried", Level = LogLevel.Debug,
        Message = "{Method} {Path}: attempt {Attempt} failed ({Reason}); not retried because {Why}.")]
    public static partial void NotRetried(ILogger logger, string method, string path, int attempt, string reason, string why);

    [LoggerMessage(EventId = 4, EventName = "ThrottleWaitStarted", Level = LogLevel.Debug,
        Message = "{Method} {Path}: waiting for the client-side rate limiter ({Reason}).")]
    public static partial void ThrottleWaitStarted(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 5, EventName = "ThrottleWaited", Level = LogLevel.Information,
        Message = "{Method} {Path}: waited {DelayMs} ms for the client-side rate limiter ({Reason}).")]
    public static partial void ThrottleWaited(ILogger logger, string method, string path, long delayMs, string reason);
}
