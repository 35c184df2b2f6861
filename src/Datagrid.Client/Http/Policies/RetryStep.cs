using System.Runtime.CompilerServices;
using System.Diagnostics;
using Datagrid.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Datagrid.Http.Policies;

/// <summary>
/// Sends attempts until <see cref="RetryPolicy"/> (the pure rules) says stop. The first attempt sends the caller's
/// request itself; a retry sends a copy made from the <see cref="RequestSnapshot"/> taken before the first send (an
/// <see cref="HttpRequestMessage"/> can be sent only once). Returns the last response, success or error; the
/// generated code turns errors into typed exceptions.
/// </summary>
internal sealed class RetryStep : DatagridPipelinePolicy
{
    private readonly RetryPolicy _rules;
    private readonly ClientSettings _settings;
    private readonly ILogger _logger;

    public RetryStep(RetryPolicy rules, ClientSettings settings, ILogger logger)
    {
        _rules = rules;
        _settings = settings;
        _logger = logger;
    }

    // Pooled: the state machine of every call would otherwise be a fresh allocation (benchmarks guide, per-call cost).
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        var snapshot = _settings.MaxRetries > 0 ? await RequestSnapshot.TakeAsync(request, cancellationToken).ConfigureAwait(false) : null;
        var attemptRequest = request;
        for (var attempt = 1; ; attempt++)
        {
            call.Attempts = attempt;
            RetryDecision decision;
            HttpResponseMessage response;
            try
            {
                response = await pipeline.SendAsync(attemptRequest, cancellationToken).ConfigureAwait(false);
            }
            catch (DatagridConnectionException ex)
            {
                decision = WithinDeadline(_rules.ForFailure(attemptRequest.Method, ex, attempt), call);
                if (!decision.Retry)
                {
                    NotRetried(call, attempt, decision);
                    throw;
                }

                attemptRequest = await NextAttemptAsync(request, attemptRequest, snapshot!, call, attempt, decision, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response; // nothing to decide (the rules never retry a success)
            }

            decision = WithinDeadline(_rules.ForResponse(attemptRequest.Method, response, call.ErrorBody?.Retryable, attempt, _settings.TimeProvider.GetUtcNow()), call);
            if (!decision.Retry)
            {
                NotRetried(call, attempt, decision);
                return response;
            }

            response.Dispose();
            attemptRequest = await NextAttemptAsync(request, attemptRequest, snapshot!, call, attempt, decision, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A retry whose wait alone would run past the call's deadline is not made: the caller gets this attempt's error
    /// (a 429 with its Retry-After, say) at once, not a timeout once the deadline has passed.
    /// </summary>
    private RetryDecision WithinDeadline(RetryDecision decision, DatagridCall call) =>
        decision.Retry && call.DeadlineAt is { } deadlineAt && _settings.TimeProvider.GetUtcNow() + decision.Delay >= deadlineAt
            ? RetryDecision.No(
                decision.Reason,
                $"the wait before the next attempt ({decision.Delay.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s) would pass the call's deadline",
                decision.ServerWait)
            : decision;

    private static readonly object[] BoxedAttempts = [.. Enumerable.Range(0, 16).Select(n => (object)n)];

    /// <summary>The attempt number as the object request options hold, without boxing it anew on every call.</summary>
    private static object Boxed(int attempt) => attempt < BoxedAttempts.Length ? BoxedAttempts[attempt] : attempt;

    private async Task<HttpRequestMessage> NextAttemptAsync(
        HttpRequestMessage original,
        HttpRequestMessage sent,
        RequestSnapshot snapshot,
        DatagridCall call,
        int attempt,
        RetryDecision decision,
        CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(sent, original))
        {
            sent.Dispose();
        }

        var delay = decision.Delay;
        DatagridTelemetry.Retries.Add(
            1,
            new KeyValuePair<string, object?>("http.request.method", call.Method),
            new KeyValuePair<string, object?>("reason", decision.Reason));
        DatagridLog.RetryScheduled(_logger, call.Method, call.Path, attempt, decision.Reason, (long)delay.TotalMilliseconds, decision.WaitSource);
        call.Activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["attempt"] = attempt,
            ["reason"] = decision.Reason,
            ["delay_ms"] = (long)delay.TotalMilliseconds,
        }));

        // Cancellation cuts the wait short at once (OperationCanceledException to the caller).
        await Task.Delay(delay, _settings.TimeProvider, cancellationToken).ConfigureAwait(false);

        // AttemptsKey is absent on a first attempt (readers take that as 1: one options entry fewer per call); from the
        // second on, the caller's request and the copy sent both say which attempt it is.
        DatagridPipeline.AttemptsKey.SetBoxed(original, Boxed(attempt + 1));
        return snapshot.Copy(original);
    }

    private void NotRetried(DatagridCall call, int attempt, RetryDecision decision)
    {
        call.FailureReason = decision.Reason;
        if (decision.ServerWait is { } wait && wait > _settings.MaxRetryAfter)
        {
            DatagridLog.RetryAfterTooLong(_logger, call.Method, call.Path, (long)wait.TotalMilliseconds, (long)_settings.MaxRetryAfter.TotalMilliseconds, attempt);
        }
        else if (decision.Why is { } why)
        {
            DatagridLog.NotRetried(_logger, call.Method, call.Path, attempt, decision.Reason, why);
        }
    }
}
