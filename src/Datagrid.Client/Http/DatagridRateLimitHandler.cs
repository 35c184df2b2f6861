using Datagrid.Http;

namespace Datagrid;

/// <summary>
/// Puts the client-side rate limiter at the bottom of an <see cref="HttpClient"/>'s handler chain, so every HTTP
/// request counts against it, including those a resilience handler or another <see cref="DelegatingHandler"/>
/// above it repeats. The HttpClient <c>AddDatagridClient</c> registers already has it (innermost, after any handler
/// you add); the client's own transport needs none (nothing sits under its pipeline, so the pipeline counts each
/// request itself). Add it yourself only to an HttpClient you build and pass to the client,
/// directly above the primary handler. Requests that do not come from a Datagrid client pass through untouched.
/// </summary>
public sealed class DatagridRateLimitHandler : DelegatingHandler
{
    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> unless a factory does.</summary>
    public DatagridRateLimitHandler()
    {
    }

    /// <summary>Creates the handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="innerHandler">The handler that sends the request (typically a <c>SocketsHttpHandler</c>, or an <see cref="HttpClientHandler"/> on .NET Framework).</param>
    public DatagridRateLimitHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The gate decides whether this request's permit is taken here (RateLimitGate owns the rule).
        return DatagridCall.Of(request) is { Gate: { } gate } call
            ? gate.SendFromHandlerAsync(call, request, this, static (self, r, ct) => self.SendInnerAsync(r, ct), cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
