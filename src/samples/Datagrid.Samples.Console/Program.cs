using Datagrid;

// Usage: dotnet run --project src/samples/Datagrid.Samples.Console -- mem_1 mem_2 ...
// Reads DATAGRID_API_KEY (required), DATAGRID_BASE_URL and DATAGRID_TEAMSPACE_ID from the environment; against the
// local server: DATAGRID_BASE_URL=http://127.0.0.1:5080/v1 DATAGRID_API_KEY=local-dev-key (see `datagrid serve`).
if (args.Length == 0)
{
    Console.Error.WriteLine("Name the memories to delete: dotnet run -- mem_1 mem_2");
    return 2;
}

using var client = new DatagridClient();
var failed = 0;
foreach (var id in args)
{
    try
    {
        var response = await client.Memory.WithRawResponse.DeleteUserMemoryAsync(id);
        Console.WriteLine($"{id}: deleted ({response.RateLimit?.Remaining} requests left in the window)");
    }
    catch (DatagridNotFoundException e) when (e.IsApiNotFound)
    {
        Console.WriteLine($"{id}: already gone");
    }
    catch (DatagridException e)
    {
        // The message says what went wrong and what to do; it never contains the API key.
        Console.Error.WriteLine($"{id}: failed: {e.Message}");
        failed++;
    }
}

return failed == 0 ? 0 : 1;
