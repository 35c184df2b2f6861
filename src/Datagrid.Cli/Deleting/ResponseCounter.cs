namespace Datagrid.Cli.Deleting;

/// <summary>
/// Counts what goes over the wire below the client's retries, so the summary can show the real cost of throttling:
/// requests sent and 429s received, retries included.
/// </summary>
internal sealed class ResponseCounter : DelegatingHandler
{
    private long requests;
    private long throttled;

    /// <summary>Creates the counter over <paramref name="inner"/>.</summary>
    public ResponseCounter(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>HTTP requests sent, retries included.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>429 responses received.</summary>
    public long Throttled => Interlocked.Read(ref throttled);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode == 429)
        {
            Interlocked.Increment(ref throttled);
        }

        return response;
    }
}
