namespace Datagrid;

/// <summary>5xx: the server failed; the request may succeed later.</summary>
public class DatagridServerException : DatagridApiException
{
    /// <inheritdoc cref="DatagridApiException(string, int, IReadOnlyDictionary{string, IEnumerable{string}}, string?, int, RateLimitInfo?, Exception?)"/>
    public DatagridServerException(
        string message,
        int statusCode,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        string? responseBody,
        int attempts = 1,
        RateLimitInfo? rateLimit = null,
        Exception? innerException = null)
        : base(message, statusCode, headers, responseBody, attempts, rateLimit, innerException)
    {
    }
}
