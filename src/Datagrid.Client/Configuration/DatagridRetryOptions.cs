namespace Datagrid;

/// <summary>
/// How failed attempts are retried (<see cref="DatagridClientOptions.Retry"/>). The rules themselves (which statuses,
/// which methods) are fixed; these set how many and how long to wait. Configuration keys: <c>Retry:MaxRetries</c>, ...
/// </summary>
public sealed class DatagridRetryOptions
{
    private readonly FreezeGuard _guard;
    private int _maxRetries = 2;
    private TimeSpan _initialDelay = TimeSpan.FromSeconds(0.5);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(8);
    private TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(60);

    internal DatagridRetryOptions(FreezeGuard guard) => _guard = guard;

    /// <summary>How many times a failed request is retried (default 2, as the official SDKs; 0 turns retries off).</summary>
    public int MaxRetries { get => _maxRetries; set => _guard.Set(ref _maxRetries, value); }

    /// <summary>First backoff delay when the server gives no <c>Retry-After</c> (default 0.5 s); doubles per attempt.</summary>
    public TimeSpan InitialDelay { get => _initialDelay; set => _guard.Set(ref _initialDelay, value); }

    /// <summary>Longest backoff delay when the server gives no <c>Retry-After</c> (default 8 s).</summary>
    public TimeSpan MaxDelay { get => _maxDelay; set => _guard.Set(ref _maxDelay, value); }

    /// <summary>
    /// Longest server-requested wait (<c>Retry-After</c>) the client will sit out (default 60 s). A longer one is not
    /// waited for: the request fails at once with a <see cref="DatagridRateLimitException"/> carrying the wait.
    /// </summary>
    public TimeSpan MaxRetryAfter { get => _maxRetryAfter; set => _guard.Set(ref _maxRetryAfter, value); }

    /// <inheritdoc/>
    public override string ToString() => $"{{ MaxRetries = {MaxRetries}, InitialDelay = {InitialDelay}, MaxDelay = {MaxDelay}, MaxRetryAfter = {MaxRetryAfter} }}";
}
