namespace Datagrid;

/// <summary>
/// The API answered with an error status. Subclasses name the common ones so callers can catch by meaning
/// (<see cref="DatagridNotFoundException"/>, <see cref="DatagridRateLimitException"/>, ...).
/// </summary>
/// <param name="message">What happened and what to do.</param>
/// <param name="response">What the server sent.</param>
/// <param name="innerException">The underlying failure, if any.</param>
public class DatagridApiException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridException(message, innerException)
{
    /// <summary>What the server sent: status, headers, raw body, attempts and rate-limit state.</summary>
    public DatagridErrorResponse Response { get; } = response ?? throw new ArgumentNullException(nameof(response));

    /// <summary>The HTTP status code.</summary>
    public int StatusCode => Response.StatusCode;

    /// <summary>Response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers => Response.Headers;

    /// <summary>The raw response body (possibly empty, HTML or truncated), if one was read.</summary>
    public string? ResponseBody => Response.Body;

    /// <summary>The request id the server sent (<c>X-Request-Id</c> or <c>Request-Id</c>), for support tickets.</summary>
    public string? RequestId => Response.RequestId;

    /// <summary>How many requests were sent before giving up, retries included.</summary>
    public int Attempts => Response.Attempts;

    /// <summary>The <c>X-RateLimit-*</c> and <c>Retry-After</c> values of the response, when it carried any.</summary>
    public RateLimitInfo? RateLimit => Response.RateLimit;
}
