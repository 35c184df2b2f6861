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

    private static IHttpClientBuilder AddCore(IServiceCollection services, string? configurationPath)
    {
        services.AddOptions<DatagridClientOptions>()
            .PostConfigure<IServiceProvider>(static (options, provider) =>
            {
                // The app's logging and clock, unless the options name their own.
                options.Diagnostics.LoggerFactory ??= provider.GetService<ILoggerFactory>();

                // RateLimitHandlerFilter puts the limiter innermost in the factory's HttpClient: count requests there.
                options.RateLimitHandlerInstalled = true;
                if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } clock)
                {
                    options.TimeProvider = clock;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatagridClientOptions>>(new DatagridClientOptionsValidator(configurationPath)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, RateLimitHandlerFilter>());

        // One root client for the application's lifetime, not a transient typed client: the retry budget and the
        // client-side rate limiter live in its pipeline and only work if every caller shares it, whichever tag client
        // they take. The HttpClient still comes from the factory (handlers, logging, resilience), over a
        // SocketsHttpHandler that recycles connections so DNS changes are seen even though the handler is never rotated.
        services.TryAddSingleton(static provider => new DatagridClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<DatagridClientOptions>>().Value));
        services.TryAddSingleton<IDatagridClient>(static provider => provider.GetRequiredService<DatagridClient>());
        foreach (var tag in TagClients.All)
        {
            services.TryAdd(ServiceDescriptor.Singleton(tag.ClientType, provider => tag.Get(provider.GetRequiredService<DatagridClient>())));
            services.TryAdd(ServiceDescriptor.Singleton(tag.InterfaceType, provider => tag.Get(provider.GetRequiredService<DatagridClient>())));
        }

        return services.AddHttpClient(HttpClientName)
            // The client applies DatagridClientOptions.Timeout to each attempt itself.
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler(static (handler, _) =>
            {
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);

                // Never follow redirects: a 3xx becomes DatagridRedirectException (see DatagridClientBase).
                handler.AllowAutoRedirect = false;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}
