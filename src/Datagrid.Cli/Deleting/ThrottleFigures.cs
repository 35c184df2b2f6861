namespace Datagrid.Cli.Deleting;

/// <summary>The cost of throttling in a run: requests on the wire and 429s among them.</summary>
/// <param name="Requests">HTTP requests sent, retries included.</param>
/// <param name="Throttled">429 responses received.</param>
/// <param name="TheoreticalMinimum">The shortest time the server's limit allows for the run (demo only; unknown otherwise).</param>
internal sealed record ThrottleFigures(long Requests, long Throttled, TimeSpan? TheoreticalMinimum = null)
{
    /// <summary>
    /// The shortest time <paramref name="count"/> requests can take under <paramref name="limit"/> per sliding
    /// <paramref name="window"/>: request k (from 0) cannot be accepted before floor(k / limit) windows have passed.
    /// </summary>
    public static TimeSpan MinimumTime(int count, int limit, TimeSpan window) =>
        count <= 0 ? TimeSpan.Zero : window * ((count - 1) / limit);
}
