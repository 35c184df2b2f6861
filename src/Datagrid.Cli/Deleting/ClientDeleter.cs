using Datagrid.Cli.Ids;

namespace Datagrid.Cli.Deleting;

/// <summary>Deletes one id through <see cref="MemoryClient"/> and turns what happened into a <see cref="DeleteResult"/>.</summary>
internal sealed class ClientDeleter(MemoryClient client)
{
    /// <summary>Deletes <paramref name="id"/>; only cancellation escapes as an exception.</summary>
    public async Task<DeleteResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteUserMemoryAsync(id, cancellationToken).ConfigureAwait(false);
            return new DeleteResult(id, DeleteOutcome.Deleted, 204);
        }
        catch (DatagridNotFoundException)
        {
            return new DeleteResult(id, DeleteOutcome.Absent, 404);
        }
        catch (DatagridAuthenticationException e)
        {
            // Every other id would be refused the same way: stop instead of failing them all one by one.
            return new DeleteResult(id, DeleteOutcome.Failed, e.StatusCode,
                "401 Unauthorized: the API key was refused. Check --api-key or DATAGRID_API_KEY.", StopsTheRun: true);
        }
        catch (DatagridPermissionDeniedException e)
        {
            return new DeleteResult(id, DeleteOutcome.Failed, e.StatusCode,
                "403 Forbidden: the key may not delete memories in this teamspace. Check --teamspace or DATAGRID_TEAMSPACE_ID.", StopsTheRun: true);
        }
        catch (DatagridRateLimitException e)
        {
            var wait = e.RetryAfter is { } after ? $"; the server asked to wait {after.TotalSeconds:0.#} s" : string.Empty;
            return new DeleteResult(id, DeleteOutcome.Failed, e.StatusCode,
                $"429 rate limited after {e.Attempts} attempt(s){wait}. Run again later (with --journal to skip what is done) or lower --concurrency.");
        }
        catch (DatagridApiException e)
        {
            return new DeleteResult(id, DeleteOutcome.Failed, e.StatusCode, $"HTTP {e.StatusCode} after {e.Attempts} attempt(s){RequestId(e)}.");
        }
        catch (DatagridConnectionException e)
        {
            return new DeleteResult(id, DeleteOutcome.Failed, null, e.Message);
        }
        catch (ArgumentException e)
        {
            // The client refuses ids that would address another URL; IdValidator should have caught them first.
            return new DeleteResult(id, DeleteOutcome.Failed, null, e.Message);
        }
    }

    private static string RequestId(DatagridApiException e) => e.RequestId is { } requestId ? $" (request id {requestId})" : string.Empty;
}
