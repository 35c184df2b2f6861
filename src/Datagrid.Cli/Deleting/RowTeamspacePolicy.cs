namespace Datagrid.Cli.Deleting;

/// <summary>
/// Sends each call to the teamspace of the row being deleted: one client (one connection pool, one limiter) serves
/// every teamspace of a run. A per-call policy of the client's public pipeline, so it runs before the limiter, which
/// partitions its windows by the <c>Datagrid-Teamspace</c> header: each teamspace is paced to its own window.
/// The teamspace travels with the async flow of the call (<see cref="Use"/>), as a per-call option would.
/// </summary>
internal sealed class RowTeamspacePolicy : DatagridPipelinePolicy
{
    private const string Header = "Datagrid-Teamspace";
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>Makes the calls started from here on in this async flow go to <paramref name="teamspace"/> (null: the client's).</summary>
    public static void Use(string? teamspace) => Current.Value = teamspace;

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
