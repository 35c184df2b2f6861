using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Client.Callers;

/// <summary>WithOptions: per-call overrides on the root, a tag client and the interfaces; keyed clients.</summary>
internal static class WithOptionsCallers
{
    public static async Task CallAsync(DatagridClient client, IDatagridClient asInterface, IMemoryClient memory, string id, CancellationToken cancellationToken)
    {
        using var traced = client.WithOptions(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5);
            o.MaxRetries = 0;
            o.Deadline = TimeSpan.FromSeconds(20);
            o.Teamspace = "ts_2";
            o.Headers["X-Trace-Id"] = "abc";
        });
        await traced.Memory.DeleteUserMemoryAsync(id, cancellationToken);
        await client.Memory.WithOptions(o => o.MaxRetries = 1).WithRawResponse.DeleteUserMemoryAsync(id, cancellationToken);
        await asInterface.WithOptions(o => o.Timeout = TimeSpan.FromSeconds(1)).Memory.DeleteUserMemoryAsync(id, cancellationToken);
        await memory.WithOptions(o => o.Headers.Add("X-Source", "callers")).DeleteUserMemoryAsync(id, cancellationToken);
    }

    public static void Register(IServiceCollection services) =>
        services.AddDatagridClient("eu", o => o.Teamspace = "ts_eu");

    public static Task KeyedAsync([FromKeyedServices("eu")] IMemoryClient memory, string id) => memory.DeleteUserMemoryAsync(id);
}
