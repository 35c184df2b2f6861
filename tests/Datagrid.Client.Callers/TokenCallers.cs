namespace Datagrid.Client.Callers;

/// <summary>The plain methods called with and without a cancellation token, positionally and by name.</summary>
internal static class TokenCallers
{
    public static async Task CallAsync(DatagridClient client, string id, CancellationToken cancellationToken)
    {
        await client.Memory.DeleteUserMemoryAsync(id);
        await client.Memory.DeleteUserMemoryAsync(id, cancellationToken);
        await client.Memory.DeleteUserMemoryAsync(id, cancellationToken: cancellationToken);
        await client.Memory.DeleteUserMemoryAsync(userMemoryId: id, cancellationToken: cancellationToken);
        await client.Memory.DeleteUserMemoryAsync(id, CancellationToken.None);
        await client.Memory.DeleteUserMemoryAsync(id, default);
        await client.Memory.DeleteUserMemoryAsync(id, default(CancellationToken));

        // The task kept and awaited later, and configured.
        var pending = client.Memory.DeleteUserMemoryAsync(id, cancellationToken);
        await pending.ConfigureAwait(false);
    }

    public static async Task ThroughAMethodGroupAsync(MemoryClient memory, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        Func<string, CancellationToken, Task> delete = memory.DeleteUserMemoryAsync;
        foreach (var id in ids)
        {
            await delete(id, cancellationToken);
        }

        await Parallel.ForEachAsync(ids, cancellationToken, async (id, token) => await memory.DeleteUserMemoryAsync(id, token));
    }
}
