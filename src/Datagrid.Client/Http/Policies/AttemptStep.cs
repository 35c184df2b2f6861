using System.Runtime.CompilerServices;
using Datagrid.Diagnostics;

namespace Datagrid.Http.Policies;

/// <summary>
/// One attempt under <see cref="ClientSettings.Timeout"/>, the whole response included: an error body (and a 2xx body
/// the operation does not declare) is read here, bounded, before the timeout ends, so a server that sends headers and
/// then stalls cannot hang the call. Transport failures become Datagrid exceptions; the rate-limit headers are
/// published to <see cref="DatagridPipeline.LastRateLimit"/> and <see cref="RateLimitCapture"/>.
/// </summary>
internal sealed class AttemptStep : DatagridPipelinePolicy, IDisposable
{
    private readonly DatagridPipeline _pipeline;
    private readonly ClientSettings _settings;
    private readonly RateLimitGate? _rateLimit;

    // Null for an infinite timeout.
    private readonly AttemptTimeouts? _timeouts;
    private readonly bool _ownsTimeouts;

    /// <param name="pipeline">The pipeline the step belongs to.</param>
    /// <param name="settings">Its settings.</param>
    /// <param name="rateLimit">Its limiter, if any.</param>
    /// <param name="sharedTimeouts">Another pipeline's timeouts of the same length to use (a WithOptions view's parent).</param>
    public AttemptStep(DatagridPipeline pipeline, ClientSettings settings, RateLimitGate? rateLimit, AttemptTimeouts? sharedTimeouts = null)
    {
        _pipeline = pipeline;
        _settings = settings;
        _rateLimit = rateLimit;
        _ownsTimeouts = sharedTimeouts is null;
        _timeouts = sharedTimeouts ?? (settings.Timeout == Timeout.InfiniteTimeSpan ? null : new AttemptTimeouts(settings.Timeout, settings.TimeProvider));
    }

    /// <summary>The attempt timeouts (one timer), for a view of the pipeline with the same timeout to share.</summary>
    public AttemptTimeouts? Timeouts => _timeouts;

    /// <summary>Stops the timeouts' timer (the pipeline is disposed), unless another pipeline owns it.</summary>
    public void Dispose()
    {
        if (_ownsTimeouts)
        {
            _timeouts?.Dispose();
        }
    }

    // Pooled: the state machine of every call would otherwise be a fresh allocation (benchmarks guide, per-call cost).
#if NET
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, DatagridPipelineNext pipeline, CancellationToken cancellationToken)
    {
        var call = pipeline.Call(request);
        call.ErrorBody = null;
        call.RateLimitRead = false;
        if (DatagridTelemetry.Attempts.Enabled)
        {
            DatagridTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("http.request.method", call.Method));
        }

        var timeoutValue = _settings.Timeout;

        // With the limiter innermost, a wait for its permit happens inside this attempt: the clock starts when the
        // permit is granted (DatagridCall.StartAttemptClock), so a throttled request is not timed out.
        var deferred = _timeouts is not null && _rateLimit is { PermitTakenBelowPipeline: true };
        var timeout = _timeouts?.Rent(paused: deferred);
        call.DeferAttemptClock(deferred ? timeout : null);

        var linked = timeout is not null && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token)
            : null;
        var token = linked?.Token ?? timeout?.Token ?? cancellationToken;
        HttpResponseMessage? response = null;
        try
        {
            response = await pipeline.SendAsync(request, token).ConfigureAwait(false);
            response.RequestMessage ??= request;
#if !NET
            // .NET 5+ gives every response a Content (empty when there is no body); on .NET Framework a handler may
            // return none, and everything after this step reads the body.
            response.Content ??= new ByteArrayContent([]);
#endif
            var info = call.RateLimitRead ? call.RateLimit : RateLimitHeaders.Parse(response, _settings.TimeProvider);
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
            else if (BodyIsUndeclared(call, status, response))
            {
                await ErrorBody.ReadCappedAsync(response, token).ConfigureAwait(false);
            }

            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout?.TimedOut == true)
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
            call.DeferAttemptClock(null);
            linked?.Dispose();
            if (timeout is not null)
            {
                _timeouts!.Return(timeout);
            }
        }
    }

    /// <summary>
    /// A 2xx with a body the operation does not read as a declared result (the generated code sets the statuses it
    /// reads a body for): the generated code would read it whole as text, so keep only its start.
    /// </summary>
    private static bool BodyIsUndeclared(DatagridCall call, int status, HttpResponseMessage response)
    {
        if (status == 204 || response.Content.Headers.ContentLength == 0)
        {
            return false;
        }

        if (call.BodyStatuses is not { } declared)
        {
            // Not a generated operation (or an older template): nothing known, leave the body alone.
            return false;
        }

        Span<char> text = stackalloc char[3];
        return !status.TryFormat(text, out var written, provider: System.Globalization.CultureInfo.InvariantCulture)
            || !declared.AsSpan().Contains(text[..written], StringComparison.Ordinal);
    }
}
