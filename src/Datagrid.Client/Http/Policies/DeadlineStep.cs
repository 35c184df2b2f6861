using System.Runtime.CompilerServices;

namespace Datagrid.Http.Policies;

/// <summary>
/// The call's deadline (<see cref="ClientSettings.Deadline"/>), outside the retries: every attempt, every wait between
/// them and every wait for a limiter permit run under one token that the deadline cancels. Only in the pipeline of a
/// client that has a deadline. All calls of a pipeline have the same deadline length, so the deadlines share one
/// timer and pooled cancellation sources, exactly as the attempt timeouts do (<see cref="AttemptTimeouts"/>).
/// </summary>
internal sealed class DeadlineStep : DatagridPipelinePolicy, IDisposable
{
    private readonly TimeSpan _deadline;
    private readonly TimeProvider _time;
    private readonly AttemptTimeouts _deadlines;

    public DeadlineStep(TimeSpan deadline, TimeProvider time)
    {
        _deadline = deadline;
        _time = time;
        _deadlines = new AttemptTimeouts(deadline, time);
    }

    public void Dispose() => _deadlines.Dispose();

    // Pooled: the state machine of every call would otherwise be a fresh allocation (benchmarks guide, per-call cost).
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        var deadline = _deadlines.Rent(paused: false);

        // For the retry step: a wait that would outlast the deadline is not started (the caller gets the error now).
        call.DeadlineAt = _time.GetUtcNow() + _deadline;
        var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token) : null;
        try
        {
            return await pipeline.SendAsync(request, linked?.Token ?? deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or DatagridConnectionException && deadline.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the deadline interrupted (an attempt, a retry wait, a wait for a permit) ends here, as a timeout
            // that names the deadline rather than a bare cancellation.
            call.FailureReason ??= "deadline";
            throw new DatagridTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} did not complete within its deadline of {_deadline.TotalSeconds:0.###} s " +
                $"(attempts, retry waits and rate-limit waits together; {call.Attempts} attempt(s) started). " +
                "Raise DatagridClientOptions.Deadline (or the Deadline given to WithOptions) if the call needs longer.",
                call.Attempts,
                ex);
        }
        finally
        {
            linked?.Dispose();
            _deadlines.Return(deadline);
        }
    }
}
