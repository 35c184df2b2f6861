namespace Datagrid;

/// <summary>401 Unauthorized: the API key is missing, wrong or revoked.</summary>
public class DatagridAuthenticationException : DatagridApiException
{
    /// <inheritdoc cref="DatagridApiException(string, int, IReadOnlyDictionary{string, IEnumerable{string}}, string?, int, RateLimitInfo?, Exception?)"/>
    public DatagridAuthenticationException(
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
