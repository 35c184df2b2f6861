namespace Datagrid.Samples.Snippets;

/// <summary>The errors guide: an injected HttpClient built the way the client builds its own.</summary>
internal static class ErrorsAndRedirects
{
    public static MemoryClient InjectedHttpClient(DatagridClientOptions options)
    {
        #region no-redirects
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var client = new MemoryClient(http, options);
        #endregion
        return client;
    }
}
