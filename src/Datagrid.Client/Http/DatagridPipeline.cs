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

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;

    public DatagridPipeline(HttpClient httpClient, bool ownsHttpClient, ClientSettings settings)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        Settings = settings;
    }

    public ClientSettings Settings { get; }

    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        // HttpClient would still hand an already-cancelled request to its handlers; send nothing instead.
        cancellationToken.ThrowIfCancellationRequested();
        const int attempt = 1;
        request.Options.Set(AttemptsKey, attempt);
        return await SendOnceAsync(request, completionOption, attempt, cancellationToken).ConfigureAwait(false);
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

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }
}
