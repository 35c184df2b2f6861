using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Datagrid.Diagnostics;
using Datagrid.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Datagrid.Http;

/// <summary>
/// What the generated code sends through: nswag.json sets it as the "httpClientType", so every generated operation
/// calls <see cref="SendAsync"/> here instead of <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>.
/// This is the one place where per-attempt timeouts, retries and client-side rate limiting apply to every operation
/// the spec has or gains, whichever way the <see cref="HttpClient"/> underneath was made (ours, injected, or from DI).
/// </summary>
internal sealed class DatagridPipeline : IDisposable
{
    /// <summary>Set on each request sent, so error mapping can report how many attempts were made.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptsKey = new("Datagrid.Attempts");

    /// <summary>The operation's path template (e.g. <c>user-memories/{user_memory_id}</c>), set by the generated code.</summary>
    public static readonly HttpRequestOptionsKey<string> PathTemplateKey = new("Datagrid.PathTemplate");

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly PartitionedRateLimiter<HttpRequestMessage>? _limiter;
    private readonly bool _ownsLimiter;
    private readonly ILogger _logger;
    private readonly RetryPolicy _retryPolicy;
    private RateLimitInfo? _lastRateLimit;

    public DatagridPipeline(HttpClient httpClient, bool ownsHttpClient, ClientSettings settings)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        Settings = settings;
        _logger = settings.LoggerFactory.CreateLogger(DatagridLog.Category);
        _retryPolicy = new RetryPolicy(settings);
        if (settings.EnableClientRateLimiting)
        {
            _ownsLimiter = settings.RateLimiter is null;
            _limiter = settings.RateLimiter ?? new DatagridRateLimiter(settings.RateLimitPerWindow, settings.RateLimitWindow, settings.MaxRetryAfter, settings.TimeProvider);
        }
    }

    public ClientSettings Settings { get; }

    /// <summary>The rate-limit headers of the most recent response that carried any, from any call.</summary>
    public RateLimitInfo? LastRateLimit => Volatile.Read(ref _lastRateLimit);

    /// <summary>
    /// Sends the request, retrying as <see cref="RetryPolicy"/> says. Each attempt is a fresh copy of the request
    /// (an <see cref="HttpRequestMessage"/> can be sent only once) that first waits for the client-side limiter.
    /// Returns the last response, success or error: the generated code turns errors into typed exceptions, which then
    /// report the attempt count set on the attempt's request.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        // HttpClient would still hand an already-cancelled request to its handlers; send nothing instead.
        cancellationToken.ThrowIfCancellationRequested();
        var path = request.Options.TryGetValue(PathTemplateKey, out var template) ? template : request.RequestUri?.AbsolutePath ?? string.Empty;
        using var activity = DatagridTelemetry.ActivitySource.StartActivity($"{request.Method.Method} {path}", ActivityKind.Internal);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.template", path);

        // Buffer the body once so every attempt sends the same bytes.
        var content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            request.Options.Set(AttemptsKey, attempt);
            var attemptRequest = Clone(request, content);
            var lease = await AcquireAsync(attemptRequest, path, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            RetryDecision decision;
            try
            {
                DatagridTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
                try
                {
                    response = await SendOnceAsync(attemptRequest, completionOption, attempt, cancellationToken).ConfigureAwait(false);
                }
                catch (DatagridConnectionException ex)
                {
                    decision = _retryPolicy.ForFailure(attemptRequest.Method, ex, attempt);
                    if (!decision.Retry)
                    {
                        LogNotRetried(attemptRequest, path, attempt, decision);
                        activity?.SetStatus(ActivityStatusCode.Error, decision.Reason);
                        throw;
                    }

                    lease?.Dispose();
                    lease = null;
                    attemptRequest.Dispose();
                    await WaitBeforeRetryAsync(request, path, attempt, decision, activity, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                response.RequestMessage ??= attemptRequest;
                var now = Settings.TimeProvider.GetUtcNow();
                var info = RateLimitHeaders.Parse(ErrorFactory.Headers(response), now);
                Publish(info);
                var status = (int)response.StatusCode;
                if (status == 429)
                {
                    DatagridTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
                }

                var retryableBody = status == 429 ? await PeekRetryableAsync(response, cancellationToken).ConfigureAwait(false) : null;
                decision = _retryPolicy.ForResponse(attemptRequest.Method, response, retryableBody, attempt, now);
                FeedLimiter(lease, info, status, decision);
            }
            finally
            {
                // The slot's window starts when the response is in (see SlidingWindowLogLimiter).
                lease?.Dispose();
            }

            if (!decision.Retry)
            {
                if (!response.IsSuccessStatusCode)
                {
                    LogNotRetried(attemptRequest, path, attempt, decision);
                    activity?.SetStatus(ActivityStatusCode.Error, decision.Reason);
                }

                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                activity?.SetTag("datagrid.attempts", attempt);
                return response;
            }

            response.Dispose();
            attemptRequest.Dispose();
            await WaitBeforeRetryAsync(request, path, attempt, decision, activity, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }

        if (_ownsLimiter)
        {
            _limiter?.Dispose();
        }
    }

    /// <summary>One attempt under <see cref="ClientSettings.Timeout"/>; failures become Datagrid exceptions.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        int attempt,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Settings.Timeout, Settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _httpClient.SendAsync(request, completionOption, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new DatagridTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} got no response within {Settings.Timeout.TotalSeconds:0.###} s " +
                $"(attempt {attempt}). Raise DatagridClientOptions.Timeout if the server is slow.",
                attempt,
                ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout of an injected client fired; it reports itself as a cancellation.
            throw new DatagridTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} timed out in the HttpClient (its Timeout is {_httpClient.Timeout}); attempt {attempt}.",
                attempt,
                ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DatagridConnectionException(
                $"Could not reach {request.RequestUri?.GetLeftPart(UriPartial.Authority)} for {request.Method} {request.RequestUri?.AbsolutePath}: {ex.Message} (attempt {attempt}).",
                attempt,
                ex);
        }
    }

    private async ValueTask<RateLimitLease?> AcquireAsync(HttpRequestMessage request, string path, CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return null;
        }

        var lease = _limiter.AttemptAcquire(request);
        if (lease.IsAcquired)
        {
            return lease;
        }

        var reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var phrase) && phrase is not null ? phrase : "no permit available";
        lease.Dispose();
        DatagridTelemetry.ThrottleWaits.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
        DatagridLog.ThrottleWaitStarted(_logger, request.Method.Method, path, reason);
        var started = Settings.TimeProvider.GetTimestamp();
        while (true)
        {
            lease = await _limiter.AcquireAsync(request, 1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                break;
            }

            // A user-supplied limiter may refuse outright (a full queue); honour its hint, else fail the call.
            var hint = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : (TimeSpan?)null;
            lease.Dispose();
            if (hint is not { } wait || wait > Settings.MaxRetryAfter)
            {
                throw new DatagridRateLimitException(
                    $"The client-side rate limiter refused {request.Method} {path} without sending it" +
                    (hint is { } h ? $" and asked to wait {h.TotalSeconds:0.###} s, longer than MaxRetryAfter." : ".") +
                    " Lower the concurrency or the limiter's queue bounds.",
                    new DatagridErrorResponse(429, new Dictionary<string, IEnumerable<string>>(), body: null, attempts: 0, new RateLimitInfo(null, null, null, hint)));
            }

            await Task.Delay(wait, Settings.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        var waited = Settings.TimeProvider.GetElapsedTime(started);
        DatagridTelemetry.ThrottleWaitDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("http.request.method", request.Method.Method));
        DatagridLog.ThrottleWaited(_logger, request.Method.Method, path, (long)waited.TotalMilliseconds, reason);
        return lease;
    }

    private void FeedLimiter(RateLimitLease? lease, RateLimitInfo? info, int status, RetryDecision decision)
    {
        if (lease is not DatagridRateLimitLease observed)
        {
            return;
        }

        // A 429 means the window is full: block the partition for the server's wait (when we will sit it out at all),
        // so concurrent calls wait instead of bouncing off it too.
        TimeSpan? block = status == 429 && decision.ServerWait is { } wait && wait <= Settings.MaxRetryAfter ? wait : null;
        observed.Observe(status, info, block);
    }

    private void Publish(RateLimitInfo? info)
    {
        if (info is not null)
        {
            Volatile.Write(ref _lastRateLimit, info);
        }

        RateLimitCapture.Current?.Record(info);
    }

    private async Task WaitBeforeRetryAsync(HttpRequestMessage request, string path, int attempt, RetryDecision decision, Activity? activity, CancellationToken cancellationToken)
    {
        var delay = decision.Delay;
        DatagridTelemetry.Retries.Add(
            1,
            new KeyValuePair<string, object?>("http.request.method", request.Method.Method),
            new KeyValuePair<string, object?>("reason", decision.Reason));
        DatagridLog.RetryScheduled(_logger, request.Method.Method, path, attempt, decision.Reason, (long)delay.TotalMilliseconds, decision.WaitSource);
        activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["attempt"] = attempt,
            ["reason"] = decision.Reason,
            ["delay_ms"] = (long)delay.TotalMilliseconds,
        }));

        // Cancellation cuts the wait short at once (OperationCanceledException to the caller).
        await Task.Delay(delay, Settings.TimeProvider, cancellationToken).ConfigureAwait(false);
    }

    private void LogNotRetried(HttpRequestMessage request, string path, int attempt, RetryDecision decision)
    {
        if (decision.ServerWait is { } wait && wait > Settings.MaxRetryAfter)
        {
            DatagridLog.RetryAfterTooLong(_logger, request.Method.Method, path, (long)wait.TotalMilliseconds, (long)Settings.MaxRetryAfter.TotalMilliseconds, attempt);
        }
        else if (decision.Why is { } why)
        {
            DatagridLog.NotRetried(_logger, request.Method.Method, path, attempt, decision.Reason, why);
        }
    }

    /// <summary>
    /// Reads a 429 body's <c>retryable</c> flag. The body is buffered first so the error mapping can read it again.
    /// </summary>
    private static async Task<bool?> PeekRetryableAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Capped, and never throws for a broken, oversized or undecodable body: then the status alone decides.
        var body = await ResponseBodyReader.BufferAsync(response, cancellationToken).ConfigureAwait(false);
        return RetryPolicy.ReadRetryable(body);
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? content)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var (name, values) in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(name, values);
        }

        if (content is not null)
        {
            clone.Content = new ByteArrayContent(content);
            foreach (var (name, values) in request.Content!.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        IDictionary<string, object?> options = clone.Options;
        foreach (var (key, value) in request.Options)
        {
            options[key] = value;
        }

        return clone;
    }
}
