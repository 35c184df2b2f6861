namespace Datagrid;

/// <summary>
/// The root client: one property per tag of the API (<c>client.Memory.DeleteUserMemoryAsync(id)</c>), generated from
/// the spec's tags, so a tag added to the spec appears after a rebuild. Every tag client it hands out sends through
/// this client's one pipeline: one client-side rate limiter, one retry policy, one connection pool for all operations.
/// </summary>
/// <remarks>
/// Thread-safe: create one and share it. Disposing it releases the shared pipeline; disposing a tag client taken from
/// it does nothing. The tag clients (<see cref="MemoryClient"/>, ...) can still be created on their own.
/// </remarks>
public sealed partial class DatagridClient : DatagridClientBase, IDatagridClient
{
    /// <summary>Creates a client configured from the environment (DATAGRID_API_KEY, DATAGRID_BASE_URL, ...).</summary>
    /// <exception cref="DatagridConfigurationException">DATAGRID_API_KEY is not set, or a setting is invalid.</exception>
    public DatagridClient()
        : this(new DatagridClientOptions())
    {
    }

    /// <summary>Creates a client configured by <paramref name="options"/>; what they leave unset comes from the environment.</summary>
    /// <param name="options">The options; <see cref="DatagridClientOptions.UseEnvironment"/> false ignores the environment.</param>
    /// <exception cref="DatagridConfigurationException">No API key is set, or a setting is invalid.</exception>
    public DatagridClient(DatagridClientOptions options)
        : base(options)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, which the caller owns and disposes.</summary>
    /// <remarks>Authentication, retries and rate limiting still apply: they wrap the given client.</remarks>
    /// <param name="httpClient">The HttpClient to send through (handlers, proxies, <c>IHttpClientFactory</c>).</param>
    /// <param name="options">The options; what they leave unset comes from the environment.</param>
    /// <exception cref="DatagridConfigurationException">No API key is set, or a setting is invalid.</exception>
    public DatagridClient(HttpClient httpClient, DatagridClientOptions options)
        : base(httpClient, options)
    {
    }
}
