namespace Datagrid;

/// <summary>404 Not Found: the resource does not exist (for a delete: it is already gone).</summary>
public class DatagridNotFoundException : DatagridApiException
{
    /// <inheritdoc cref="DatagridApiException(string, int, IReadOnlyDictionary{string, IEnumerable{string}}, string?, int, RateLimitInfo?, Exception?)"/>
    public DatagridNotFoundException(
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
