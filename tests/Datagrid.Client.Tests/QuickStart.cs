namespace Datagrid.Client.Tests;

/// <summary>The README's quick start, compiled here; ReadmeTests checks the README shows exactly this code.</summary>
internal static class QuickStart
{
    public static async Task RunAsync()
    {
        // <quickstart>
        // Reads DATAGRID_API_KEY (required), DATAGRID_BASE_URL and DATAGRID_TEAMSPACE_ID from the environment.
        using var client = new DatagridClient();

        try
        {
            await client.Memory.DeleteUserMemoryAsync("mem_123");
        }
        catch (DatagridNotFoundException)
        {
            // Already gone: the memory is deleted either way.
        }
        catch (DatagridRateLimitException ex)
        {
            // Retries are exhausted, or the server asked for a longer wait than Retry.MaxRetryAfter allows.
            Console.Error.WriteLine($"Rate limited after {ex.Attempts} attempts; retry after {ex.RetryAfter}.");
        }

        // </quickstart>
    }
}
