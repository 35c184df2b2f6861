using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Datagrid.Diagnostics;

namespace Datagrid.Http.Policies;

/// <summary>
/// One attempt under <see cref="ClientSettings.Timeout"/>, the whole response included: an error body (and a 2xx body
/// the operation does not declare) is read here, bounded, before the timeout ends, so a server that sends headers and
/// then stalls cannot hang the call. Transport failures become Datagrid exceptions; the rate-limit headers are
/// published to <see cref="DatagridPipeline.LastRateLimit"/> and <see cref="RateLimitCapture"/>.
/// </summary>
internal sealed class AttemptStep : DatagridPipelinePolicy
{
    private readonly DatagridPipeline _pipeline;
    private readonly ClientSettings _settings;
    private const int MaxPooledClocks = 256;

    private readonly RateLimitStep? _rateLimit;
    private readonly ConcurrentQueue<CancellationTokenSource> _clocks = new();

    public AttemptStep(DatagridPipeline pipeline, ClientSettings settings, RateLimitStep? rateLimit)
    {
        _pipeline = pipeline;
        _settings = settings;
        _rateLimit = rateLimit;
    }

    // Pooled: the state machine of every call would otherwise be a fresh allocation (see README, per-call cost).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = DatagridCall.Of(request)!;
        call.ErrorBody = null;
        call.RateLimitRead = false;
        if (DatagridTelemetry.Attempts.Enabled)
        {
            DatagridTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("http.request.method", call.Method));
        }

        var timeoutValue = _settings.Timeout;
        var infinite = timeoutValue == Timeout.InfiniteTimeSpan;

        // With the limiter innermost, a wait for its permit happens inside this attempt: the clock starts when the
        // permit is granted (DatagridCall.StartAttemptClock), so a throttled request is not timed out.
        var deferred = !infinite && _rateLimit is { HandlerPresent: true };
        var timeout = infinite ? null : RentClock(deferred ? Timeout.InfiniteTimeSpan : timeoutValue);
        call.DeferAttemptClock(deferred ? timeout : null, timeoutValue);

        var linked = timeout is not null && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token)
            : null;
        var token = linked?.Token ?? timeout?.Token ?? cancellationToken;
        HttpResponseMessage? response = null;
        try
        {
            response = await pipeline.SendAsync(request, token).ConfigureAwait(false);
            response.RequestMessage ??= request;
            var info = call.RateLimitRead ? call.RateLimit : RateLimitHeaders.Parse(response, _settings.TimeProvider.GetUtcNow());
            call.RateLimit = info;
            _pipeline.Publish(info);
            var status = (int)response.StatusCode;
            if (status == 429 && DatagridTelemetry.RateLimited.Enabled)
            {
                DatagridTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("http.request.method", call.Method));
            }

            if (!response.IsSuccessStatusCode)
            {
                call.ErrorBody = await ErrorBody.ReadAsync(response, token).ConfigureAwait(false);
            }
            else if (BodyIsUndeclared(request, status, response))
            {
                await ErrorBody.ReadCappedAsync(response, token).ConfigureAwait(false);
            }

            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout?.IsCancellationRequested == true)
        {
            response?.Dispose();
            throw new DatagridTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} got no complete response within {timeoutValue.TotalSeconds:0.###} s " +
                $"(attempt {call.Attempts}). Raise DatagridClientOptions.Timeout if the server is slow.",
                call.Attempts,
                ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout of an injected client fired; it reports itself as a cancellation.
            response?.Dispose();
            throw new DatagridTimeoutException(
                $"{request.Method} {request.RequestUri?.AbsolutePath} timed out in the HttpClient (its Timeout is {_pipeline.HttpClientTimeout}); attempt {call.Attempts}.",
                call.Attempts,
                ex);
        }
        catch (HttpRequestException ex)
        {
            response?.Dispose();
            throw new DatagridConnectionException(
                $"Could not reach {request.RequestUri?.GetLeftPart(UriPartial.Authority)} for {request.Method} {request.RequestUri?.AbsolutePath}: {ex.Message} (attempt {call.Attempts}).",
                call.Attempts,
                ex);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
        finally
        {
            call.DeferAttemptClock(null, timeoutValue);
            linked?.Dispose();
            if (timeout is not null)
            {
                ReturnClock(timeout);
            }
        }
    }

    /// <summary>A timeout source from the pool (reset, not cancelled) or a new one; saves a timer and a source per call.</summary>
    private CancellationTokenSource RentClock(TimeSpan delay)
    {
        if (_clocks.TryDequeue(out var clock))
        {
            // A pooled clock is reset (its timer stopped): a deferred one needs no timer call until its permit comes.
            if (delay != Timeout.InfiniteTimeSpan)
            {
                clock.CancelAfter(delay);
            }

            return clock;
        }

        return new CancellationTokenSource(delay, _settings.TimeProvider);
    }

    private void ReturnClock(CancellationTokenSource clock)
    {
        // TryReset stops the timer and fails for a source that fired: only clean ones go back.
        if (_clocks.Count < MaxPooledClocks && clock.TryReset())
        {
            _clocks.Enqueue(clock);
        }
        else
        {
            clock.Dispose();
        }
    }

    /// <summary>
    /// A 2xx with a body the operation does not read as a declared result (the generated code sets the statuses it
    /// reads a body for): the generated code would read it whole as text, so keep only its start.
    /// </summary>
    private static bool BodyIsUndeclared(HttpRequestMessage request, int status, HttpResponseMessage response)
    {
        if (status == 204 || response.Content.Headers.ContentLength == 0)
        {
            return false;
        }

        if (!request.Options.TryGetValue(DatagridPipeline.BodyStatusesKey, out var declared))
        {
            // Not a generated operation (or an older template): nothing known, leave the body alone.
            return false;
        }

        Span<char> text = stackalloc char[3];
        return !status.TryFormat(text, out var written, provider: System.Globalization.CultureInfo.InvariantCulture)
            || !declared.AsSpan().Contains(text[..written], StringComparison.Ordinal);
    }
}
