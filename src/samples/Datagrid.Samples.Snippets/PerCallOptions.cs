using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Datagrid.Samples.Snippets;

/// <summary>The configuration guide's per-call options (WithOptions) and keyed clients.</summary>
internal static class PerCallOptions
{
    public static async Task WithOptionsAsync(DatagridClient client, string traceId, CancellationToken cancellationToken)
    {
        #region with-options
        // A view of the client: same pipeline, rate limiter and connections; only these calls get the overrides.
        var traced = client.WithOptions(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5);     // per attempt
            o.MaxRetries = 0;
            o.Deadline = TimeSpan.FromSeconds(20);   // the whole call: attempts, retry waits, limiter waits
            o.Headers["X-Trace-Id"] = traceId;       // added to, or replacing, the default headers
        });
        await traced.Memory.DeleteUserMemoryAsync("mem_123", cancellationToken);

        // Tag clients have it too, and a teamspace of its own selects that teamspace's rate-limit window.
        MemoryClient otherTeam = client.Memory.WithOptions(o => o.Teamspace = "ts_2");
        await otherTeam.DeleteUserMemoryAsync("mem_456", cancellationToken);
        #endregion
    }

    public static async Task DeadlineAsync(DatagridClient client)
    {
        #region deadline
        try
        {
            await client.WithOptions(o => o.Deadline = TimeSpan.FromSeconds(10)).Memory.DeleteUserMemoryAsync("mem_123");
        }
        catch (DatagridTimeoutException ex)
        {
            // "DELETE /v1/user-memories/mem_123 did not complete within its deadline of 10 s (...; 3 attempt(s) started)"
            Console.Error.WriteLine($"{ex.Message} Attempts: {ex.Attempts}.");
        }
        #endregion
    }

    public static void Keyed(HostApplicationBuilder builder)
    {
        #region keyed
        // One client per teamspace: one connection pool for all of them, and one rate limiter for those with the
        // same API key and base URL (it keeps a window per teamspace).
        builder.Services.AddDatagridClient("eu", o => o.Teamspace = "ts_eu");
        builder.Services.AddDatagridClient("us", builder.Configuration.GetSection("Datagrid:Us"));
        #endregion
    }

    #region keyed-consumer
    internal sealed class EuCleanup([FromKeyedServices("eu")] IMemoryClient memory)
    {
        public Task DeleteAsync(string id, CancellationToken cancellationToken) => memory.DeleteUserMemoryAsync(id, cancellationToken);
    }
    #endregion
}
