namespace Datagrid;

/// <summary>
/// What a successful call received besides its result: status, headers, request id, rate-limit state, how long the
/// call took and how many requests it sent. Returned by the <c>WithRawResponse</c> form of every operation
/// (<c>client.Memory.WithRawResponse.DeleteUserMemoryAsync(id)</c>); the plain methods return only the result.
/// </summary>
public class DatagridResponse
{
    /// <summary>Describes a response (the client creates these; tests of callers may too).</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">Response and content headers.</param>
    /// <param name="rateLimit">The rate-limit headers of the response, if it carried any.</param>
    /// <param name="elapsed">From the call's start (limiter waits and retries included) until its result was read.</param>
    /// <param name="attempts">How many requests the call sent, retries included.</param>
    public DatagridResponse(
        int statusCode,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        RateLimitInfo? rateLimit,
        TimeSpan elapsed,
        int attempts)
    {
        ArgumentNullException.ThrowIfNull(headers);
        StatusCode = statusCode;
        Headers = headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        RequestId = RequestIds.Find(Headers);
        RateLimit = rateLimit;
        Elapsed = elapsed;
        Attempts = attempts;
    }

    /// <summary>Details left empty: the plain methods return only the result and never show these.</summary>
    private protected DatagridResponse()
    {
        Headers = NoHeaders;
    }

    /// <summary>An empty header set, shared.</summary>
    internal static IReadOnlyDictionary<string, IEnumerable<string>> NoHeaders { get; } = new Dictionary<string, IEnumerable<string>>();

    /// <summary>The HTTP status code (e.g. 204).</summary>
    public int StatusCode { get; }

    /// <summary>Response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The request id the server sent (<c>X-Request-Id</c> or <c>Request-Id</c>), for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>The <c>X-RateLimit-*</c> and <c>Retry-After</c> values of this response, when it carried any.</summary>
    public RateLimitInfo? RateLimit { get; }

    /// <summary>How long the call took: from its start (client-side limiter waits and retries included) until the result was read.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>How many requests the call sent, retries included (1 when the first attempt succeeded).</summary>
    public int Attempts { get; }
}
