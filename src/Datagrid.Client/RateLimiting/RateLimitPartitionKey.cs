namespace Datagrid.RateLimiting;

/// <summary>What Datagrid keeps one rate-limit window for: teamspace, HTTP method and endpoint path template.</summary>
/// <param name="Teamspace">The <c>Datagrid-Teamspace</c> header, or empty.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathTemplate">The operation's path template (e.g. <c>user-memories/{user_memory_id}</c>).</param>
public readonly record struct RateLimitPartitionKey(string Teamspace, string Method, string PathTemplate)
{
    /// <summary>The partition a request the client is about to send belongs to.</summary>
    public static RateLimitPartitionKey For(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
#if NET
        // NonValidated: no array of values allocated per request.
        var teamspace = request.Headers.NonValidated.TryGetValues(ClientSettings.TeamspaceHeader, out var values) && values.Count > 0
            ? FirstOf(values)
            : string.Empty;
#else
        var teamspace = request.Headers.TryGetValues(ClientSettings.TeamspaceHeader, out var values)
            ? values.FirstOrDefault() ?? string.Empty
            : string.Empty;
#endif

        // The pipeline sets the template the generated code passes with each call (Templates/Client.Class.liquid);
        // without it, fall back to the path, which is safe (never shares a window wrongly) but keeps one window per id.
        var template = Http.DatagridPipeline.PathTemplateKey.TryGet(request, out var t) && !string.IsNullOrEmpty(t)
            ? t
            : request.RequestUri?.AbsolutePath ?? string.Empty;
        return new RateLimitPartitionKey(teamspace, request.Method.Method, template);
    }

#if NET
    private static string FirstOf(System.Net.Http.Headers.HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return string.Empty;
    }
#endif

    /// <inheritdoc />
    public override string ToString() => $"{Method} {PathTemplate}" + (Teamspace.Length > 0 ? $" (teamspace {Teamspace})" : string.Empty);
}
