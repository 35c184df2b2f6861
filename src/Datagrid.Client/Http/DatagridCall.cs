using System.Diagnostics;

namespace Datagrid.Http;

/// <summary>
/// What one operation call carries through the pipeline (in <c>HttpRequestMessage.Options</c>, or <c>Properties</c> on .NET Standard 2.0, under
/// <see cref="DatagridPipeline.CallKey"/>, so attempt copies share it): the attempt number, the parsed error body, the
/// rate-limit headers. Raw-response code reads it back from <c>response.RequestMessage.Options</c>.
/// </summary>
internal sealed class DatagridCall
{
    private Policies.AttemptTimeout? _attemptClock;

    public DatagridCall(string method, string path, HttpCompletionOption completionOption, string? bodyStatuses = null)
    {
        Method = method;
        Path = path;
        CompletionOption = completionOption;
        BodyStatuses = bodyStatuses;
    }

    public string Method { get; }

    /// <summary>The operation's path template (e.g. <c>user-memories/{user_memory_id}</c>).</summary>
    public string Path { get; }

    public HttpCompletionOption CompletionOption { get; }

    /// <summary>
    /// The statuses whose body the operation reads as a declared result (space-separated, from the generated code);
    /// any other 2xx body is read only up to <see cref="ErrorBody.MaxBytes"/>. Null when not known.
    /// </summary>
    public string? BodyStatuses { get; }

    /// <summary>The attempt in progress (1-based); after the call, how many requests the client sent.</summary>
    public int Attempts { get; set; }

    /// <summary>The rate-limit headers of the latest response, if it carried any.</summary>
    public RateLimitInfo? RateLimit { get; set; }

    /// <summary>True when the limiter step already read <see cref="RateLimit"/> from this attempt's response.</summary>
    public bool RateLimitRead { get; set; }

    /// <summary>The latest error response's body, read and parsed once (null for a success).</summary>
    public ErrorBody? ErrorBody { get; set; }

    /// <summary>When the call's deadline passes, on the client's clock (null: no deadline).</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>Why the call failed, for the trace (a metric-style reason: status code, timeout, ...).</summary>
    public string? FailureReason { get; set; }

    public Activity? Activity { get; set; }

    /// <summary>The limiter of the client that sent the call, so the handler deep in the HttpClient finds it.</summary>
    public RateLimitGate? Gate { get; set; }

    /// <summary>The call's lease is taken by the pipeline (not the innermost handler) for this attempt.</summary>
    public bool LeaseTakenByPipeline { get; set; }

    /// <summary>The innermost rate-limit handler saw this call.</summary>
    public bool HandlerSeen { get; set; }

    public static DatagridCall? Of(HttpRequestMessage? request) =>
        request is not null && DatagridPipeline.CallKey.TryGet(request, out var call) ? call : null;

    /// <summary>The attempt timeout waits for the permit when the limiter is the innermost handler (see <see cref="StartAttemptClock"/>).</summary>
    public void DeferAttemptClock(Policies.AttemptTimeout? clock) => Volatile.Write(ref _attemptClock, clock);

    /// <summary>
    /// (Re)starts the deferred attempt timeout when the limiter lets a request go: each HTTP request of the attempt
    /// (a resilience handler may send several) gets the full timeout, and none of it is spent waiting for a permit.
    /// </summary>
    public void StartAttemptClock() => Volatile.Read(ref _attemptClock)?.Start();

    /// <summary>Stops the deferred attempt timeout while a request waits for a permit.</summary>
    public void PauseAttemptClock() => Volatile.Read(ref _attemptClock)?.Pause();
}
