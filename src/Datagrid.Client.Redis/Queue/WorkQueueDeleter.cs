namespace Datagrid.Redis.Queue;

/// <summary>
/// The delete a <see cref="DatagridQueueWorker"/> runs by default: one <see cref="IMemoryClient"/> serves every
/// teamspace of the queue, each call carrying its item's teamspace (<see cref="AddTeamspacePolicy"/> must be on the
/// client's options; <c>AddDatagridWorkQueue</c> adds it), so a Redis-shared limiter paces each teamspace on its own budget.
/// </summary>
public static class WorkQueueDeleter
{
    private const string Header = "Datagrid-Teamspace";
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>Adds the per-call policy that sends each call to its work item's teamspace (before the rate limiter partitions by it).</summary>
    public static void AddTeamspacePolicy(DatagridClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new TeamspacePolicy(), DatagridPipelinePosition.PerCall);
    }

    /// <summary>A delete for <see cref="DatagridQueueWorker"/> through <paramref name="client"/>: 204 deleted, the API's 404 absent, anything else failed with its reason.</summary>
    public static Func<WorkItem, CancellationToken, Task<WorkOutcome>> For(IMemoryClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var time = timeProvider ?? TimeProvider.System;
        return async (item, cancellationToken) =>
        {
            Current.Value = item.Teamspace;
            try
            {
                var response = await client.WithRawResponse.DeleteUserMemoryAsync(item.Id, cancellationToken).ConfigureAwait(false);
                return Outcome(item, WorkOutcomeKind.Deleted, response.StatusCode, response.Attempts, response.RequestId, null, response.RateLimit?.Limit, time);
            }
            catch (DatagridNotFoundException e) when (e.IsApiNotFound)
            {
                return Outcome(item, WorkOutcomeKind.Absent, 404, e.Attempts, e.RequestId, null, e.RateLimit?.Limit, time);
            }
            catch (DatagridApiException e) when (e is DatagridAuthenticationException or DatagridPermissionDeniedException or DatagridRedirectException or DatagridNotFoundException)
            {
                // Every other item would get the same answer: the worker records this one and stops claiming.
                var why = e switch
                {
                    DatagridAuthenticationException => "401 Unauthorized: the API key was refused.",
                    DatagridPermissionDeniedException => "403 Forbidden: the key may not delete memories in this teamspace.",
                    DatagridRedirectException => $"HTTP {e.StatusCode}: the server redirected the request; redirects are not followed.",
                    _ => "404 that is not the Datagrid API's not-found answer: the base URL probably does not reach the API.",
                };
                return Outcome(item, WorkOutcomeKind.Failed, e.StatusCode, e.Attempts, e.RequestId, why, e.RateLimit?.Limit, time) with { StopsTheWorker = true };
            }
            catch (DatagridApiException e)
            {
                return Outcome(item, WorkOutcomeKind.Failed, e.StatusCode, e.Attempts, e.RequestId, $"HTTP {e.StatusCode} after {e.Attempts} attempt(s).", e.RateLimit?.Limit, time);
            }
            catch (DatagridConnectionException e)
            {
                return Outcome(item, WorkOutcomeKind.Failed, null, e.Attempts, null, e.Message, null, time);
            }
            finally
            {
                Current.Value = null;
            }
        };
    }

    private static WorkOutcome Outcome(WorkItem item, WorkOutcomeKind kind, int? status, int attempts, string? requestId, string? reason, int? limit, TimeProvider time) => new()
    {
        Id = item.Id,
        Teamspace = item.Teamspace,
        Outcome = kind,
        Status = status,
        Attempts = attempts,
        RequestId = requestId,
        Reason = reason,
        Round = item.Round,
        Time = time.GetUtcNow(),
        RateLimit = limit,
    };

    private sealed class TeamspacePolicy : DatagridPipelinePolicy
    {
        public override ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
        {
            if (Current.Value is { } teamspace)
            {
                request.Headers.Remove(Header);
                request.Headers.TryAddWithoutValidation(Header, teamspace);
            }

            return pipeline.SendAsync(request, cancellationToken);
        }
    }
}
