using Datagrid;
using Datagrid.DependencyInjection;
using Datagrid.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The conventional namespace for Add* extensions, so they show up wherever IServiceCollection is used.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Datagrid clients with dependency injection and <see cref="IHttpClientFactory"/>.</summary>
public static class DatagridServiceCollectionExtensions
{
    /// <summary>The <see cref="IHttpClientFactory"/> name of the clients' one HttpClient.</summary>
    public const string HttpClientName = "Datagrid";

    /// <summary>
    /// Registers <see cref="DatagridClient"/> and every tag client it has (<see cref="MemoryClient"/>, ...), with their
    /// interfaces, as singletons sharing one pipeline, with options bound from <paramref name="configuration"/>
    /// (typically <c>configuration.GetSection("Datagrid")</c>: keys <c>ApiKey</c>, <c>BaseUrl</c>, <c>Teamspace</c>,
    /// <c>Timeout</c>, <c>DefaultHeaders</c>, <c>Retry:MaxRetries</c>, <c>RateLimiting:Window</c>, ...).
    /// Unset values fall back to the <c>DATAGRID_*</c> environment variables; the options are validated when the host
    /// starts, so a missing API key stops the application at start-up, not at the first call.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding <see cref="DatagridClientOptions"/>.</param>
    /// <returns>The builder of the client's HttpClient, to add handlers (e.g. a resilience pipeline).</returns>
    public static IHttpClientBuilder AddDatagridClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DatagridClientOptions>().Bind(configuration);
        return AddCore(services, (configuration as IConfigurationSection)?.Path);
    }

    /// <summary>
    /// Registers <see cref="DatagridClient"/> and every tag client it has (<see cref="MemoryClient"/>, ...), with their
    /// interfaces, as singletons sharing one pipeline, with options set by <paramref name="configure"/>.
    /// Unset values fall back to the <c>DATAGRID_*</c> environment variables; the options are validated when the host
    /// starts, so a missing API key stops the application at start-up, not at the first call.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's HttpClient, to add handlers (e.g. a resilience pipeline).</returns>
    public static IHttpClientBuilder AddDatagridClient(this IServiceCollection services, Action<DatagridClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DatagridClientOptions>().Configure(configure);
        return AddCore(services, configurationPath: null);
    }

    /// <summary>
    /// Registers a keyed <see cref="DatagridClient"/> named <paramref name="name"/>, with its interface and every tag
    /// client, resolved with <c>[FromKeyedServices("eu")]</c> or <c>GetRequiredKeyedService&lt;MemoryClient&gt;("eu")</c>;
    /// typically one per teamspace. Its options are the named options <paramref name="name"/>, set by
    /// <paramref name="configure"/>, validated at start-up like the default client's. All Datagrid clients send through
    /// the one <see cref="HttpClientName"/> HttpClient (one connection pool, the same handlers), and those with the same
    /// API key, base URL and limiter settings share one client-side rate limiter (one window per teamspace).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the clients' shared HttpClient, to add handlers.</returns>
    public static IHttpClientBuilder AddDatagridClient(this IServiceCollection services, string name, Action<DatagridClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DatagridClientOptions>(name).Configure(configure);
        return AddKeyedCore(services, name, configurationPath: null);
    }

    /// <summary>
    /// Registers a keyed <see cref="DatagridClient"/> named <paramref name="name"/> (see
    /// <see cref="AddDatagridClient(IServiceCollection, string, Action{DatagridClientOptions})"/>), with options bound
    /// from <paramref name="configuration"/> (e.g. <c>configuration.GetSection("Datagrid:Eu")</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The configuration section holding this client's <see cref="DatagridClientOptions"/>.</param>
    /// <returns>The builder of the clients' shared HttpClient, to add handlers.</returns>
    public static IHttpClientBuilder AddDatagridClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DatagridClientOptions>(name).Bind(configuration);
        return AddKeyedCore(services, name, (configuration as IConfigurationSection)?.Path);
    }

    private static IHttpClientBuilder AddKeyedCore(IServiceCollection services, string name, string? configurationPath)
    {
        services.AddOptions<DatagridClientOptions>(name)
            .PostConfigure<IServiceProvider>(static (options, provider) => ApplyHostDefaults(options, provider))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatagridClientOptions>>(new KeyedOptionsValidator(name, configurationPath));

        // Same rules as the default client: one instance per key for the application's lifetime, tag clients from it.
        services.TryAddKeyedSingleton<DatagridClient>(name, static (provider, key) => Create(provider, provider.GetRequiredService<IOptionsMonitor<DatagridClientOptions>>().Get((string)key!)));
        services.TryAddKeyedSingleton<IDatagridClient>(name, static (provider, key) => provider.GetRequiredKeyedService<DatagridClient>(key));
        foreach (var tag in TagClients.All)
        {
            services.TryAdd(ServiceDescriptor.KeyedSingleton(tag.ClientType, name, (provider, key) => tag.Get(provider.GetRequiredKeyedService<DatagridClient>(key))));
            services.TryAdd(ServiceDescriptor.KeyedSingleton(tag.InterfaceType, name, (provider, key) => tag.Get(provider.GetRequiredKeyedService<DatagridClient>(key))));
        }

        return AddHttpClient(services);
    }

    /// <summary>A client over the factory's HttpClient, with the limiter it shares with the other registered clients.</summary>
    private static DatagridClient Create(IServiceProvider provider, DatagridClientOptions options)
    {
        provider.GetRequiredService<SharedLimiters>().Share(options);
        return new DatagridClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), options);
    }

    private static void ApplyHostDefaults(DatagridClientOptions options, IServiceProvider provider)
    {
        // The app's logging and clock, unless the options name their own.
        options.Diagnostics.LoggerFactory ??= provider.GetService<ILoggerFactory>();

        // RateLimitHandlerFilter puts the limiter innermost in the factory's HttpClient: count requests there.
        options.RateLimitHandlerInstalled = true;
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } clock)
        {
            options.TimeProvider = clock;
        }
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string? configurationPath)
    {
        services.AddOptions<DatagridClientOptions>()
            .PostConfigure<IServiceProvider>(static (options, provider) => ApplyHostDefaults(options, provider))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatagridClientOptions>>(new DatagridClientOptionsValidator(configurationPath)));

        // One root client for the application's lifetime, not a transient typed client: the retry budget and the
        // client-side rate limiter live in its pipeline and only work if every caller shares it, whichever tag client
        // they take. The HttpClient still comes from the factory (handlers, logging, resilience), over a
        // SocketsHttpHandler that recycles connections so DNS changes are seen even though the handler is never rotated.
        services.TryAddSingleton(static provider => Create(provider, provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value));
        services.TryAddSingleton<IDatagridClient>(static provider => provider.GetRequiredService<DatagridClient>());
        foreach (var tag in TagClients.All)
        {
            services.TryAdd(ServiceDescriptor.Singleton(tag.ClientType, provider => tag.Get(provider.GetRequiredService<DatagridClient>())));
            services.TryAdd(ServiceDescriptor.Singleton(tag.InterfaceType, provider => tag.Get(provider.GetRequiredService<DatagridClient>())));
        }

        return AddHttpClient(services);
    }

    /// <summary>The one HttpClient of every registered Datagrid client (default and keyed): one connection pool.</summary>
    private static IHttpClientBuilder AddHttpClient(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(SharedLimiters)))
        {
            // Configured by an earlier registration: configuring it again would, among others, put the socket handler
            // back over a primary handler the app set on the builder that call returned.
            return services.AddHttpClient(HttpClientName);
        }

        services.AddSingleton<SharedLimiters>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, RateLimitHandlerFilter>());
        return services.AddHttpClient(HttpClientName)
            // The client applies DatagridClientOptions.Timeout to each attempt itself.
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
#if NET
            .UseSocketsHttpHandler(static (handler, _) =>
            {
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);

                // Never follow redirects: a 3xx becomes DatagridRedirectException (see DatagridClientBase).
                handler.AllowAutoRedirect = false;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
#else
            // No SocketsHttpHandler on .NET Framework: the factory's handler rotation (its default two minutes)
            // stands in for the connection lifetime, so DNS changes are still seen.
            .ConfigurePrimaryHttpMessageHandler(static () => new HttpClientHandler { AllowAutoRedirect = false });
#endif
    }
}
