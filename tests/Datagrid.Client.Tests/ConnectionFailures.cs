#if !NET
using System.Net;
#endif

namespace Datagrid.Client.Tests;

/// <summary>
/// The exceptions an HttpClient handler throws when a connection fails, as each runtime words them: HttpRequestError on
/// .NET; on .NET Framework and Mono (no HttpRequestError) the WebException inside says what happened.
/// </summary>
internal static class ConnectionFailures
{
    /// <summary>The connection was never made: the request did not leave the machine.</summary>
    public static HttpRequestException Refused(string message) =>
#if NET
        new(HttpRequestError.ConnectionError, message);
#else
        new(message, new WebException(message, WebExceptionStatus.ConnectFailure));
#endif

    /// <summary>The connection broke after the request went: the server may have acted on it.</summary>
    public static HttpRequestException Dropped(string message) =>
#if NET
        new(HttpRequestError.ResponseEnded, message);
#else
        new(message, new WebException(message, WebExceptionStatus.ReceiveFailure));
#endif
}
