using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Datagrid.LocalServer;

/// <summary>
/// A Datagrid-compatible server on loopback: <c>DELETE /v1/user-memories/{id}</c> with bearer authentication,
/// Datagrid's sliding-window rate limit and its headers, seeded memories and injectable faults.
/// Start it with <see cref="StartAsync"/>, point a client at <see cref="BaseUrl"/>, dispose it to stop.
/// </summary>
public sealed class LocalDatagridServer : IAsyncDisposable
{
    /// <summary>The route template the rate limit is scoped by (Datagrid scopes by endpoint path, not by id).</summary>
    public const string DeletePathTemplate = "/v1/user-memories/{user_memory_id}";

    /// <summary>The operations the server implements, as (method, path template under /v1), for spec drift checks.</summary>
    public static IReadOnlyList<(string Method, string PathTemplate)> ServedOperations { get; } =
    [
        (HttpMethods.Delete, DeletePathTemplate["/v1".Length..]),
    ];

    /// <summary>The header carrying the teamspace id.</summary>
    public const string TeamspaceHeader = "Datagrid-Teamspace";

    private readonly WebApplication app;
    private readonly LocalServerOptions options;
    private readonly HashSet<string> apiKeys;
    private readonly MemoryStore memories = new();
    private readonly SlidingWindowLog limiter;
    private readonly FaultInjector faults;
    private readonly ConcurrentQueue<ServedRequest> requestLog = new();
    private int disposed;

    private LocalDatagridServer(WebApplication app, LocalServerOptions options)
    {
        this.app = app;
        this.options = options;
        apiKeys = new HashSet<string>(options.ApiKeys, StringComparer.Ordinal);
        limiter = new SlidingWindowLog(options.Limit, options.Window);
        faults = new FaultInjector(options.Faults);
        for (var i = 1; i <= options.SeedCount; i++)
        {
            memories.Add(LocalServerOptions.SeededId(i));
        }

        foreach (var id in options.SeedIds)
        {
            memories.Add(id);
        }
    }

    /// <summary>The API base URL, e.g. <c>http://127.0.0.1:41234/v1</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What the server has done so far.</summary>
    public ServerCounters Counters { get; } = new();

    /// <summary>The ids of the memories not deleted yet, sorted.</summary>
    public IReadOnlyCollection<string> RemainingMemoryIds => memories.Snapshot();

    /// <summary>The number of memories not deleted yet.</summary>
    public int RemainingMemoryCount => memories.Count;

    /// <summary>The delete requests answered so far, when <see cref="LocalServerOptions.RecordRequests"/> is on (else empty).</summary>
    public IReadOnlyList<ServedRequest> RequestLog => [.. requestLog];

    /// <summary>The limit and window in force.</summary>
    public SlidingWindowLog RateLimit => limiter;

    /// <summary>Starts a server bound to 127.0.0.1 on <see cref="LocalServerOptions.Port"/> (0 = a free port).</summary>
    public static async Task<LocalDatagridServer> StartAsync(LocalServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalDatagridServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Only the options decide how the server behaves: an appsettings.json in the working folder or an
        // ASPNETCORE_/Kestrel__ variable must not add endpoints beyond loopback or change anything else.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoConsoleLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        var server = new LocalDatagridServer(app, options);
        app.MapDelete(DeletePathTemplate, (HttpContext context, string user_memory_id) => server.HandleAndRecordAsync(context, user_memory_id));

        // A path the API does not have answers 404 too, but never in the API's not-found shape (JSON with
        // "error": "not_found"), so a client can tell "no such memory" from "no such route" (a base URL without /v1).
        app.MapFallback(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(
                $"No such route: {context.Request.Method} {context.Request.Path}. The local Datagrid API is under /v1/ (e.g. DELETE /v1/user-memories/{{id}}).",
                context.RequestAborted);
        });

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Adds memories while the server runs (e.g. for a test arranging its own data).</summary>
    public void AddMemories(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            memories.Add(id);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // A short grace period: in-flight requests of a cancelled client should not hold up a test's teardown.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await app.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping took longer than the grace period; the remaining connections are closed by DisposeAsync.
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }

    private Task HandleAndRecordAsync(HttpContext context, string id)
    {
        if (options.RecordRequests)
        {
            // When the answer starts, before the client can read it (a dropped connection is not answered, so not logged).
            context.Response.OnStarting(() =>
            {
                requestLog.Enqueue(new ServedRequest(options.TimeProvider.GetUtcNow(), id, context.Response.StatusCode));
                return Task.CompletedTask;
            });
        }

        return HandleDeleteAsync(context, id);
    }

    private async Task HandleDeleteAsync(HttpContext context, string id)
    {
        Counters.AddRequest();
        var time = options.TimeProvider;
        var now = time.GetUtcNow();
        var token = ReadBearerToken(context.Request);
        var scope = new RateLimitScope(token ?? string.Empty, context.Request.Headers[TeamspaceHeader].ToString(), DeletePathTemplate, HttpMethods.Delete);

        if (token is null || !apiKeys.Contains(token))
        {
            // Not counted: an unauthenticated caller must not use up a real key's window (and has none of its own).
            Counters.AddUnauthorized();
            WriteRateLimitHeaders(context.Response, limiter.Peek(scope, now));
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthorized",
                token is null
                    ? "Missing bearer token: send 'Authorization: Bearer <API key>'."
                    : "Invalid API key.").ConfigureAwait(false);
            return;
        }

        var decision = limiter.TryAcquire(scope, now);
        WriteRateLimitHeaders(context.Response, decision);
        if (!decision.Allowed)
        {
            Counters.AddThrottled();
            await WriteRateLimitErrorAsync(context, decision).ConfigureAwait(false);
            return;
        }

        if (faults.AddedLatency > TimeSpan.Zero)
        {
            await Task.Delay(faults.AddedLatency, time, context.RequestAborted).ConfigureAwait(false);
        }

        switch (faults.Next())
        {
            case FaultKind.DropConnection:
                Counters.AddDroppedConnection();
                context.Abort();
                return;
            case FaultKind.ServerError:
                Counters.AddServerError();
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal_server_error",
                    "Injected fault: the local server was told to fail this share of requests.").ConfigureAwait(false);
                return;
        }

        if (memories.Remove(id))
        {
            Counters.AddDelete();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        Counters.AddNotFound();
        await WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found", $"User memory '{id}' was not found.").ConfigureAwait(false);
    }

    private static string? ReadBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static void WriteRateLimitHeaders(HttpResponse response, RateLimitDecision decision)
    {
        var headers = response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = SlidingWindowLog.ResetHeaderSeconds(decision).ToString(CultureInfo.InvariantCulture);
        if (decision.Remaining == 0)
        {
            // Whole seconds rounded up, so a client that waits exactly this long finds a free slot.
            headers.RetryAfter = RetryAfterSeconds(decision).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static long RetryAfterSeconds(RateLimitDecision decision) => SlidingWindowLog.RetryAfterHeaderSeconds(decision);

    private Task WriteRateLimitErrorAsync(HttpContext context, RateLimitDecision decision)
    {
        var seconds = RetryAfterSeconds(decision);
        var body = new RateLimitErrorBody(
            StatusCodes.Status429TooManyRequests,
            "rate_limit_exceeded",
            "Rate limit exceeded. Please retry after the time given in the Retry-After header.",
            $"Wait {seconds} s (the Retry-After header) before retrying, or spread requests out over the window.",
            Retryable: true,
            new RateLimitErrorDetails(
                $"More than {decision.Limit} requests to DELETE {DeletePathTemplate} in a {options.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)}-second sliding window for this teamspace."));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(status, error, message), context.RequestAborted);
    }
}
