using Datagrid.Cli.Commands;
using Datagrid.Cli.Ids;
using System.Net.Http;

namespace Datagrid.Cli.Deleting;

/// <summary>Deletes one row through <see cref="MemoryClient"/> and turns what happened into a <see cref="DeleteResult"/>.</summary>
/// <param name="client">The client.</param>
/// <param name="time">Clock for the result's time.</param>
/// <param name="details">Read the attempts and request id of successful calls too (for <c>--report</c>); costs a copy of the response headers per call.</param>
internal sealed class ClientDeleter(MemoryClient client, TimeProvider? time = null, bool details = true)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Deletes the row's id in the row's teamspace; only cancellation escapes as an exception.</summary>
    public async Task<DeleteResult> DeleteAsync(DeleteRow row, CancellationToken cancellationToken)
    {
        if (row.Teamspace is not null)
        {
            RowTeamspacePolicy.Use(row.Teamspace);
        }

        var result = await DeleteAsync(row.Id, cancellationToken).ConfigureAwait(false);
        return result with { Teamspace = row.Teamspace, At = clock.GetUtcNow() };
    }

    /// <summary>Deletes <paramref name="id"/>; only cancellation escapes as an exception.</summary>
    public async Task<DeleteResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            if (!details)
            {
                await client.DeleteUserMemoryAsync(id, cancellationToken).ConfigureAwait(false);
                return new DeleteResult(id, DeleteOutcome.Deleted, 204);
            }

            var response = await client.WithRawResponse.DeleteUserMemoryAsync(id, cancellationToken).ConfigureAwait(false);
            return new DeleteResult(id, DeleteOutcome.Deleted, response.StatusCode) { Attempts = response.Attempts, RequestId = response.RequestId };
        }
        catch (DatagridNotFoundException e) when (e.IsApiNotFound)
        {
            return new DeleteResult(id, DeleteOutcome.Absent, 404) { Attempts = e.Attempts, RequestId = e.RequestId };
        }
        catch (DatagridNotFoundException e)
        {
            // Not the API's not-found answer (an empty body, an HTML page): the URL does not reach the API, so
            // nothing is known about the memory, and every other id would get the same answer.
            return Failed(e, id,
                $"404 from {client.BaseUrl} that is not the Datagrid API's not-found answer: the base URL probably does not reach the API " +
                $"(it ends in /v1, e.g. {DatagridClientOptions.DefaultBaseUrl}). Check --base-url or DATAGRID_BASE_URL.", stops: true);
        }
        catch (DatagridRedirectException e)
        {
            var where = e.Location is { } location ? $" to {location.GetLeftPart(UriPartial.Path)}" : string.Empty;
            return Failed(e, id,
                $"HTTP {e.StatusCode}: the server redirected the request{where}. Redirects are not followed (the key and teamspace would go along, " +
                "and a delete there is not a delete here). If the new address is the API, pass it as --base-url.", stops: true);
        }
        catch (DatagridAuthenticationException e)
        {
            // Every other id would be refused the same way: stop instead of failing them all one by one.
            return Failed(e, id, "401 Unauthorized: the API key was refused. Check the key (--api-key-file, --api-key-stdin or DATAGRID_API_KEY).", stops: true);
        }
        catch (DatagridPermissionDeniedException e)
        {
            return Failed(e, id, "403 Forbidden: the key may not delete memories in this teamspace. Check --teamspace or DATAGRID_TEAMSPACE_ID.", stops: true);
        }
        catch (DatagridRateLimitException e)
        {
            var wait = e.RetryAfter is { } after ? $"; the server asked to wait {after.TotalSeconds:0.#} s" : string.Empty;
            return Failed(e, id, $"429 rate limited after {e.Attempts} attempt(s){wait}. Run again later (with --journal to skip what is done) or lower --concurrency.");
        }
        catch (DatagridApiException e)
        {
            return Failed(e, id, $"HTTP {e.StatusCode} after {e.Attempts} attempt(s){RequestId(e)}.");
        }
        catch (DatagridConnectionException e) when (e is not DatagridTimeoutException && Unreachable(e))
        {
            // No connection could be opened at all (DNS, refused): every other id would fail the same way after the
            // same retries, so stop as a refused key does.
            return new DeleteResult(id, DeleteOutcome.Failed, null,
                $"{CliWording.ForCommandLine(e.Message)} The host is unreachable: check --base-url and the network.", StopsTheRun: true) { Attempts = e.Attempts };
        }
        catch (DatagridConnectionException e)
        {
            // A timeout's advice names the library option; the CLI user has a flag for it.
            return new DeleteResult(id, DeleteOutcome.Failed, null, CliWording.ForCommandLine(e.Message)) { Attempts = e.Attempts };
        }
        catch (ArgumentException e)
        {
            // The client refuses ids that would address another URL; IdValidator should have caught them first.
            return new DeleteResult(id, DeleteOutcome.Failed, null, e.Message);
        }
    }

    private static DeleteResult Failed(DatagridApiException e, string id, string reason, bool stops = false) =>
        new(id, DeleteOutcome.Failed, e.StatusCode, reason, stops) { Attempts = e.Attempts, RequestId = e.RequestId };

    private static bool Unreachable(Exception e) =>
        e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };

    private static string RequestId(DatagridApiException e) => e.RequestId is { } requestId ? $" (request id {requestId})" : string.Empty;
}
