using System.Runtime.CompilerServices;
using System.Diagnostics;
using Datagrid.Diagnostics;

namespace Datagrid.Http.Policies;

/// <summary>
/// Outermost: one activity per operation call, only when someone listens (nothing is built otherwise). A raw
/// response's elapsed time is measured by the generated code from the call's start, not here.
/// </summary>
internal sealed class TelemetryStep : DatagridPipelinePolicy
{
    public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        // With no listener nothing is recorded: no async layer of this step's own on the call's path.
        return DatagridTelemetry.ActivitySource.HasListeners()
            ? SendTracedAsync(request, pipeline, cancellationToken)
            : pipeline.SendAsync(request, cancellationToken);
    }

    // Pooled: the state machine of every call would otherwise be a fresh allocation (benchmarks guide, per-call cost).
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private static async ValueTask<HttpResponseMessage> SendTracedAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        using var activity = DatagridTelemetry.ActivitySource.StartActivity($"{call.Method} {call.Path}", ActivityKind.Internal);
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
    }
}
