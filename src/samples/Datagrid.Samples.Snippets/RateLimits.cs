using Datagrid.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Samples.Snippets;

/// <summary>The rate-limit and several-processes guides.</summary>
internal static class RateLimits
{
    public static async Task CaptureAsync(DatagridClient client, string id, CancellationToken ct)
    {
        #region capture
        using var capture = RateLimitCapture.Begin();
        await client.Memory.DeleteUserMemoryAsync(id, ct);
        Console.WriteLine($"{capture.RateLimit?.Remaining} left, {capture.Responses} responses (retries included)");
        #endregion
    }

    public static void Redis(IServiceCollection services, DatagridClientOptions options)
    {
        #region redis
        // With DI, one line next to AddDatagridClient (namespace Microsoft.Extensions.DependencyInjection); window and limit are RateLimiting's:
        services.AddDatagridRedisRateLimiting("localhost:6379");
        // Without DI: set options.RateLimiting first, then a configuration string or your own IConnectionMultiplexer.
        options.RateLimiting.Limiter = new RedisRateLimiter(new RedisRateLimiterOptions { Configuration = "localhost:6379" }, options);
        #endregion
    }

    public static HttpClient OwnHandlerChain()
    {
        #region handler-chain
        // Your retrying handler above, the limiter directly above the socket: every request is counted.
        var http = new HttpClient(new LoggingHandler { InnerHandler = new DatagridRateLimitHandler(new SocketsHttpHandler()) });
        #endregion
        return http;
    }

    /// <summary>Stands in for any DelegatingHandler of yours.</summary>
    private sealed class LoggingHandler : DelegatingHandler;
}
