using System.Runtime.CompilerServices;
using System.Diagnostics;
using Datagrid.Diagnostics;

namespace Datagrid.Http.Policies;

/// <summary>
/// Outermost: one activity per operation call (only when someone listens: nothing is built otherwise) and the call's
/// elapsed time for raw-response readers.
/// </summary>
internal sealed class TelemetryStep : DatagridPipelinePolicy
{
    private readonly TimeProvider _time;

    public TelemetryStep(TimeProvider time) => _time = time;

    // Pooled: the state machine of every call would otherwise be a fresh allocation (see README, per-call cost).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = DatagridCall.Of(request)!;
        using var activity = DatagridTelemetry.ActivitySource.HasListeners()
            ? DatagridTelemetry.ActivitySource.StartActivity($"{call.Method} {call.Path}", ActivityKind.Internal)
            : null;
        if (activity is not null)
        {
            activity.SetTag("http.request.method", call.Method);
            activity.SetTag("url.template", call.Path);
            call.Activity = activity;
        }

        try
        {
            var response = await pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (activity is not null)
            {
                if (!response.IsSuccessStatusCode)
                {
                    activity.SetStatus(ActivityStatusCode.Error, call.FailureReason);
                }

                activity.SetTag("http.response.status_code", (int)response.StatusCode);
                activity.SetTag("datagrid.attempts", call.Attempts);
            }

            return response;
        }
        catch (Exception) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, call.FailureReason);
            throw;
        }
        finally
        {
            call.Elapsed = _time.GetElapsedTime(call.StartedAt);
        }
    }
}
