using System.Collections.Concurrent;
using Datagrid.RateLimiting;

namespace Datagrid.DependencyInjection;

/// <summary>
/// The built-in limiters of the clients registered with <c>AddDatagridClient</c>, one per API key, base URL and
/// limiter settings: clients for several teamspaces (keyed registrations) on one key spend one budget, and the limiter
/// keeps a window per teamspace already. Disposed with the container, after the clients that use them.
/// </summary>
internal sealed class SharedLimiters : IDisposable
{
    private readonly ConcurrentDictionary<Key, Lazy<DatagridRateLimiter>> _limiters = new();

    /// <summary>Gives <paramref name="options"/> the shared limiter, unless it brings its own or has the limiter off.</summary>
    public void Share(DatagridClientOptions options)
    {
        if (!options.RateLimiting.Enabled || options.RateLimiting.Limiter is not null || options.SharedLimiter is not null)
        {
            return;
        }

        ClientSettings settings;
        try
        {
            settings = ClientSettings.Resolve(options);
        }
        catch (DatagridConfigurationException)
        {
            return; // the client's constructor reports it, with the usual message
        }

        var key = new Key(settings.ApiKey, settings.BaseUrl.AbsoluteUri, settings.RateLimitPerWindow, settings.RateLimitWindow, settings.MaxRetryAfter, settings.TimeProvider);
        options.SharedLimiter = _limiters.GetOrAdd(key, static k => new Lazy<DatagridRateLimiter>(() => new DatagridRateLimiter(k.PermitLimit, k.Window, k.MaxRetryAfter, k.Time))).Value;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            if (limiter.IsValueCreated)
            {
                limiter.Value.Dispose();
            }
        }
    }

    // The key is held only in memory, as the clients hold it; the record's ToString is never called.
    private sealed record Key(string ApiKey, string BaseUrl, int? PermitLimit, TimeSpan Window, TimeSpan MaxRetryAfter, TimeProvider Time);
}
