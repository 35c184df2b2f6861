#if !NET
using System.Net;
using System.Net.Sockets;
#endif

namespace Datagrid.Http;

/// <summary>What a failed connection says about whether the request left the machine.</summary>
internal static class ConnectionFailure
{
    /// <summary>
    /// True when the request was certainly not sent: the name did not resolve, or the connection (TCP or TLS) was never
    /// made. Safe to retry whatever the method.
    /// </summary>
    public static bool NeverSent(Exception? failure)
    {
#if NET
        return failure is HttpRequestException
        {
            HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError,
        };
#else
        // No HttpRequestError before .NET 8: .NET Framework and Mono wrap a WebException (status) or a SocketException.
        for (var inner = (failure as HttpRequestException)?.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case WebException { Status: WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ConnectFailure or WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure }:
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable }:
                    return true;
            }
        }

        return false;
#endif
    }
}
