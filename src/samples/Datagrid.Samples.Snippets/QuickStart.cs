namespace Datagrid.Samples.Snippets;

/// <summary>The README's quick start and the getting-started guide's first call.</summary>
internal static class QuickStart
{
    public static async Task RunAsync()
    {
        #region quickstart
        // Reads DATAGRID_API_KEY (required), DATAGRID_BASE_URL and DATAGRID_TEAMSPACE_ID from the environment.
        using var client = new DatagridClient();
        try
        {
            await client.Memory.DeleteUserMemoryAsync("mem_123");
        }
        catch (DatagridNotFoundException ex) when (ex.IsApiNotFound)
        {
            // The API itself says there is no such memory: it is gone either way.
        }
        #endregion
    }

    public static async Task RateLimitedAsync(DatagridClient client)
    {
        #region rate-limited
        try
        {
            await client.Memory.DeleteUserMemoryAsync("mem_123");
        }
        catch (DatagridNotFoundException ex) when (ex.IsApiNotFound)
        {
            // The API itself says there is no such memory: it is gone either way. (A 404 from anything else, e.g. a base
            // URL without /v1, has IsApiNotFound == false and proves nothing: it falls through as an error.)
        }
        catch (DatagridRateLimitException ex)
        {
            // Retries are exhausted, or the server asked for a longer wait than Retry.MaxRetryAfter allows.
            Console.Error.WriteLine($"Rate limited after {ex.Attempts} attempts; retry after {ex.RetryAfter}.");
        }
        #endregion
    }

    public static async Task RawResponseAsync(DatagridClient client)
    {
        #region raw-response
        DatagridResponse response = await client.Memory.WithRawResponse.DeleteUserMemoryAsync("mem_123");
        Console.WriteLine($"{response.StatusCode} request {response.RequestId}: {response.RateLimit?.Remaining} left, " +
            $"{response.Attempts} attempt(s) in {response.Elapsed.TotalMilliseconds:0} ms");
        #endregion
    }
}
