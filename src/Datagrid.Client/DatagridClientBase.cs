using System.Net.Http.Headers;
using System.Text;
using Datagrid.Http;

namespace Datagrid;

/// <summary>
/// The hand-written base of every generated client (nswag.json "clientBaseClass") and of <see cref="DatagridClient"/>:
/// configuration, authentication and headers, URL safety and error mapping. The generated operations call the hooks
/// below; nothing here is specific to one operation, so an operation added to the spec gets all of it after a rebuild.
/// </summary>
public abstract partial class DatagridClientBase : IDisposable
{
    private readonly DatagridPipeline _pipeline;
    private readonly bool _ownsPipeline = true;

    /// <summary>Used by the generated constructor (nswag.json "configurationClass").</summary>
    private protected DatagridClientBase(DatagridClientOptions options)
        : this(null, options)
    {
    }

    /// <summary>
    /// A client that sends through another client's pipeline (a tag client of <see cref="DatagridClient"/>), or through
    /// a view of it that <c>WithOptions</c> made (<paramref name="ownsPipeline"/>: the view's own parts, never the
    /// shared transport or limiter, are released with this client).
    /// </summary>
    private protected DatagridClientBase(DatagridPipeline pipeline, bool ownsPipeline = false)
    {
        _pipeline = pipeline;
        _ownsPipeline = ownsPipeline;
    }

    private protected DatagridClientBase(HttpClient? httpClient, DatagridClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = ClientSettings.Resolve(options);
        options.Freeze();
        var ownsHttpClient = httpClient is null;

        // Our own transport recycles connections so DNS changes are seen; the pipeline applies
        // DatagridClientOptions.Timeout to each attempt. It never follows redirects: a 3xx becomes
        // DatagridRedirectException instead of the request (key, teamspace, custom headers) going elsewhere. Nothing
        // can sit between its pipeline and its socket handler, so an attempt is one HTTP request and the pipeline's
        // rate-limit step takes the permit itself (no DatagridRateLimitHandler: one async layer less per call). It is
        // a bare invoker, not an HttpClient (see TransportStep).
        HttpMessageInvoker transport = httpClient
            ?? new HttpMessageInvoker(CreateHandler(), disposeHandler: true);
        _pipeline = new DatagridPipeline(transport, ownsHttpClient, settings, rateLimitHandlerPresent: !ownsHttpClient && settings.RateLimitHandlerInstalled);
    }

    // HttpMessageHandler: the concrete type differs by target.
#pragma warning disable CA1859
    private static HttpMessageHandler CreateHandler() =>
#if NET
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
#else
        // .NET Framework's handler (or Mono's): no connection lifetime to set (ServicePointManager governs it).
        new HttpClientHandler { AllowAutoRedirect = false };
#endif
#pragma warning restore CA1859

    /// <summary>The base URL requests go to (ends with '/').</summary>
    public Uri BaseUrl => _pipeline.Settings.BaseUrl;

    /// <summary>
    /// The <c>X-RateLimit-*</c> / <c>Retry-After</c> values of the most recent response that carried any, from any
    /// call on this client (null before the first). With many concurrent calls this is the client-wide freshest view;
    /// to see what one call got, wrap it in <see cref="RateLimitCapture.Begin"/> or read
    /// <see cref="DatagridApiException.RateLimit"/> on its exception.
    /// </summary>
    public RateLimitInfo? LastRateLimit => _pipeline.LastRateLimit;

    /// <summary>The pipeline this client sends through, shared with the tag clients of a <see cref="DatagridClient"/>.</summary>
    private protected DatagridPipeline Pipeline => _pipeline;

    /// <summary>
    /// The pipeline for a <c>WithOptions</c> client: this client's pipeline with <paramref name="configure"/>'s
    /// overrides, sharing its transport, limiter and connections. Generated tag clients and <see cref="DatagridClient"/>
    /// wrap it in a client of their own type.
    /// </summary>
    /// <param name="configure">Sets the overrides.</param>
    /// <param name="operationHeaders">The header parameters the spec declares for the client's operations (not overridable).</param>
    private protected DatagridPipeline PipelineWithOptions(Action<DatagridRequestOptions> configure, IReadOnlyCollection<string> operationHeaders)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var overrides = new DatagridRequestOptions();
        configure(overrides);
        return _pipeline.With(_pipeline.Settings.WithOverrides(overrides, operationHeaders));
    }

    /// <summary>
    /// Releases the HttpClient the client created itself; an injected one is left to its owner. A tag client taken from
    /// a <see cref="DatagridClient"/> releases nothing: the root client owns the shared pipeline. A client made by
    /// <c>WithOptions</c> releases only what it made itself (a timer), never the shared pipeline.
    /// </summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _ownsPipeline)
        {
            _pipeline.Dispose();
        }
    }

    /// <summary>
    /// Encodes one path parameter as exactly one path segment (called by the Client.Class.PathParameter template).
    /// Refuses what would address another URL: "." and ".." are folded away by System.Uri and by servers
    /// (RFC 3986 5.2.4), and invalid UTF-16 cannot be percent-encoded faithfully.
    /// </summary>
    private protected static string EncodePathSegment(string? value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty or whitespace; pass the id exactly as Datagrid returned it.", parameterName);
        }

        if (value is "." or "..")
        {
            throw new ArgumentException(
                $"{parameterName} '{value}' cannot be sent: HTTP treats '.' and '..' as 'this folder' and 'parent folder', so the request would reach a different URL. No Datagrid id has this form; check where the id came from.",
                parameterName);
        }

        if (!IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"{parameterName} contains an unpaired UTF-16 surrogate, which has no URL encoding; check how the id was read or sliced.", parameterName);
        }

        return Uri.EscapeDataString(value);
    }

    [ThreadStatic]
    private static StringBuilder? t_urlBuilder;

    /// <summary>
    /// The generated code's URL builder: one kept per thread and reused, so building a URL allocates only the final
    /// string (a new builder and its growing chunks cost about as much as the rest of the call's own allocations).
    /// </summary>
    private protected static StringBuilder RentUrlBuilder()
    {
        var builder = t_urlBuilder;
        if (builder is null)
        {
            return new StringBuilder(256);
        }

        // Taken out of the slot while in use, so a call that resumes on another thread never shares it.
        t_urlBuilder = null;
        return builder.Clear();
    }

    /// <summary>The URL built, the builder kept for the next call on this thread (unless it grew unusually large).</summary>
    private protected static string ReturnUrlBuilder(StringBuilder builder)
    {
        var url = builder.ToString();
        if (builder.Capacity <= 4096)
        {
            t_urlBuilder = builder;
        }

        return url;
    }

    private protected static Task PrepareRequestAsync(DatagridPipeline client, HttpRequestMessage request, StringBuilder urlBuilder, CancellationToken cancellationToken)
    {
        // The generated code builds the operation's relative path (nswag.json "useBaseUrl": false); prefix ours.
        urlBuilder.Insert(0, client.Settings.BaseUrl.AbsoluteUri);
        return Task.CompletedTask;
    }

    private protected static Task PrepareRequestAsync(DatagridPipeline client, HttpRequestMessage request, string url, CancellationToken cancellationToken)
    {
        var settings = client.Settings;

        // Last line of defence for "no id may make the client address another URL": System.Uri must not have
        // rewritten what we built (dot segments, backslashes), and the result must stay under the base URL.
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri || uri.AbsoluteUri != url || !url.StartsWith(settings.BaseUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The request URL would not be the one built from the arguments ({uri?.AbsoluteUri ?? "none"}); refusing to send it. Check the ids passed.");
        }

        var headers = request.Headers;
        headers.TryAddWithoutValidation("Authorization", settings.Authorization);
        if (settings.Teamspace is not null)
        {
            headers.Remove(ClientSettings.TeamspaceHeader);
            headers.TryAddWithoutValidation(ClientSettings.TeamspaceHeader, settings.Teamspace);
        }

        // Indexed: a foreach over the interface would allocate an enumerator on every call.
        var custom = settings.Headers;
        for (var i = 0; i < custom.Count; i++)
        {
            var (name, value) = custom[i];
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, value);
        }

        if (!headers.Contains("User-Agent"))
        {
            headers.TryAddWithoutValidation("User-Agent", ClientSettings.UserAgent);
        }

        if (!headers.NonValidated.Contains("Accept"))
        {
            headers.TryAddWithoutValidation("Accept", "application/json");
        }

        return Task.CompletedTask;
    }

    /// <summary>Every error status becomes a typed <see cref="DatagridApiException"/> before the generated code sees it.</summary>
    private protected static Task ProcessResponseAsync(DatagridPipeline client, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // An injected HttpClient that follows redirects rewrites RequestMessage.RequestUri to where it ended up; an
        // answer from outside the base URL is not the API's, whatever its status (a 204 there deleted nothing here).
        if (response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } final
            && !final.AbsoluteUri.StartsWith(client.Settings.BaseUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            throw ErrorFactory.Redirected(response, final, Attempts(response), client.Settings);
        }

        // A success, every call's case, costs no async state of its own.
        return response.IsSuccessStatusCode ? Task.CompletedTask : ThrowForStatusAsync(client, response, cancellationToken);
    }

    private static async Task ThrowForStatusAsync(DatagridPipeline client, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The pipeline read and parsed the body once, within the attempt's timeout; parse it here only for a response
        // that did not come through it.
        var call = DatagridCall.Of(response.RequestMessage);
        var parsed = call?.ErrorBody ?? await ErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        throw ErrorFactory.Create(response, parsed, Attempts(response), client.Settings);
    }

    /// <summary>How many requests the call sent (the pipeline marks attempts after the first on the request).</summary>
    private static int Attempts(HttpResponseMessage response) =>
        response.RequestMessage is { } request && DatagridPipeline.AttemptsKey.TryGet(request, out var n) ? n : 1;

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
