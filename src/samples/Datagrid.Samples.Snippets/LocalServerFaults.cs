using Datagrid.LocalServer;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Samples.Snippets;

/// <summary>The local-server guide: limits and faults, to see how your code copes.</summary>
internal static class LocalServerFaults
{
    public static async Task<LocalDatagridServer> StartAsync(FakeTimeProvider fakeTime)
    {
        #region faults
        var server = await LocalDatagridServer.StartAsync(new LocalServerOptions
        {
            SeedCount = 300,
            Limit = 50, Window = TimeSpan.FromSeconds(2),       // Datagrid's sliding window, tightened: 429 + Retry-After beyond it
            Faults = new FaultOptions
            {
                ServerErrorRate = 0.1,                          // 10 % of accepted requests answer 500
                DropConnectionRate = 0.05,                      // 5 % lose the connection without a response
                AddedLatency = TimeSpan.FromMilliseconds(20),
                Seed = 42,                                      // repeatable for a given request order
            },
            TimeProvider = fakeTime,                            // optional: FakeTimeProvider moves the window without sleeping
        });
        // server.AddMemories(ids) seeds more later; server.Counters: Requests, Deletes, Throttled, NotFound, Unauthorized.
        #endregion
        return server;
    }
}
