namespace Datagrid;

/// <summary>
/// The answer was a redirect (3xx), or came from another address than the base URL because an injected
/// <see cref="HttpClient"/> followed one. The client never follows redirects: the request carries the API key and
/// the teamspace and custom headers, and a DELETE re-sent elsewhere could be counted as done when it was not.
/// </summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridRedirectException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException)
{
    /// <summary>Where the server pointed (<c>Location</c>), or where an injected client's redirect ended; null if neither is known.</summary>
    public Uri? Location { get; init; }
}
