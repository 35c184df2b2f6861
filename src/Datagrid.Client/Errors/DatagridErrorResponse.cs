namespace Datagrid;

/// <summary>What the server sent with an error status: the details every <see cref="DatagridApiException"/> carries.</summary>
public sealed class DatagridErrorResponse
{
    /// <summary>Captures an error response.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">Response and content headers.</param>
    /// <param name="body">The raw response body, if any was read.</param>
    /// <param name="attempts">How many requests were sent, retries included.</param>
    /// <param name="rateLimit">The rate-limit headers of the response, if it carried any.</param>
    public DatagridErrorResponse(
        int statusCode,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        string? body,
        int attempts = 1,
        RateLimitInfo? rateLimit = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        StatusCode = statusCode;
        Headers = headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Body = body;
        Attempts = attempts;
        RateLimit = rateLimit;
        RequestId = RequestIds.Find(Headers);
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The raw response body (possibly empty, HTML or truncated), if one was read.</summary>
    public string? Body { get; }

    /// <summary>The request id the server sent (<c>X-Request-Id</c> or <c>Request-Id</c>), for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>How many requests were sent before giving up, retries included.</summary>
    public int Attempts { get; }

    /// <summary>The <c>X-RateLimit-*</c> and <c>Retry-After</c> values of the response, when it carried any.</summary>
    public RateLimitInfo? RateLimit { get; }

    /// <summary>The body as the pipeline parsed it (once), shared with the exception types.</summary>
    internal Datagrid.Http.ErrorBody Parsed
    {
        get => field ??= Datagrid.Http.ErrorBody.FromText(Body);
        init;
    }
}
