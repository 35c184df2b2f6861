namespace Datagrid;

/// <summary>403 Forbidden: the API key may not do this (teamspace or role).</summary>
public class DatagridPermissionDeniedException : DatagridApiException
{
    /// <inheritdoc cref="DatagridApiException(string, int, IReadOnlyDictionary{string, IEnumerable{string}}, string?, int, RateLimitInfo?, Exception?)"/>
    public DatagridPermissionDeniedException(
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
