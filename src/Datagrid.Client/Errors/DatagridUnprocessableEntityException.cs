namespace Datagrid;

/// <summary>422 Unprocessable Entity: the request was understood but its content is invalid.</summary>
public class DatagridUnprocessableEntityException : DatagridApiException
{
    /// <inheritdoc cref="DatagridApiException(string, int, IReadOnlyDictionary{string, IEnumerable{string}}, string?, int, RateLimitInfo?, Exception?)"/>
    public DatagridUnprocessableEntityException(
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
