using System.Reflection;

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

    private DatagridClient(Http.DatagridPipeline pipeline)
        : base(pipeline, ownsPipeline: true)
    {
    }

    /// <summary>
    /// A client whose calls, and those of its tag clients, apply <paramref name="configure"/>'s overrides (timeout,
    /// retries, headers, teamspace, deadline) on top of this client's settings. It shares this client's pipeline,
    /// rate limiter and connections: cheap to make, and disposing it releases nothing this client uses. This client
    /// is unchanged.
    /// </summary>
    /// <example><c>var traced = client.WithOptions(o =&gt; { o.Timeout = TimeSpan.FromSeconds(5); o.Headers["X-Trace-Id"] = id; });</c></example>
    /// <param name="configure">Sets the overrides; what it leaves unset keeps this client's value.</param>
    /// <returns>A new client over the same pipeline.</returns>
    /// <exception cref="ArgumentException">An override is invalid, or a header cannot be set this way (<c>Authorization</c>,
    /// <c>Datagrid-Teamspace</c>, a header parameter of an operation).</exception>
    public DatagridClient WithOptions(Action<DatagridRequestOptions> configure) =>
        new(PipelineWithOptions(configure, OperationHeaders));

    IDatagridClient IDatagridClient.WithOptions(Action<DatagridRequestOptions> configure) => WithOptions(configure);

    /// <summary>The header parameters of every tag's operations (each generated tag client lists its own).</summary>
    private static IReadOnlyCollection<string> OperationHeaders => s_operationHeaders ??= FindOperationHeaders();

    private static string[]? s_operationHeaders;

    private static string[] FindOperationHeaders() =>
        [.. typeof(DatagridClient).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(static p => p.PropertyType.IsSubclassOf(typeof(DatagridClientBase)))
            .SelectMany(static p => p.PropertyType.GetField("OperationHeaderNames", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as string[]
                ?? throw new InvalidOperationException($"{p.PropertyType.Name} has no OperationHeaderNames; the client templates are out of step."))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
}
