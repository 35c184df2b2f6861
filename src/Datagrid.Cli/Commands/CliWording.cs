namespace Datagrid.Cli.Commands;

/// <summary>
/// The library's configuration messages name its options (<c>DatagridClientOptions.AllowInsecureHttp = true</c>),
/// which a command-line user cannot set; this puts the flag in their place.
/// </summary>
internal static class CliWording
{
    private static readonly (string Library, string CommandLine)[] Names =
    [
        ("set DatagridClientOptions.AllowInsecureHttp = true", "pass --allow-insecure-http"),
        ("DatagridClientOptions.ApiKey", "--api-key-file FILE / --api-key-stdin"),
        ("DatagridClientOptions.BaseUrl", "--base-url"),
        ("DatagridClientOptions.Teamspace", "--teamspace"),
        ("DatagridClientOptions.DefaultHeaders", "DATAGRID_CUSTOM_HEADERS"),
        ("DatagridClientOptions.Timeout", "--timeout"),
        ("DatagridClientOptions.RateLimiting.Window", "--rate-limit-window"),
        ("DatagridClientOptions.Retry.MaxRetries", "--max-retries"),
    ];

    public static string ForCommandLine(string message)
    {
        foreach (var (library, commandLine) in Names)
        {
            message = message.Replace(library, commandLine, StringComparison.Ordinal);
        }

        return message;
    }
}
