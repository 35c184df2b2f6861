namespace Datagrid.Client.Callers;

/// <summary>The overloads that take the operation's parameters object (optional query and header inputs).</summary>
internal static class ParametersCallers
{
    public static async Task CallAsync(DatagridClient client, string id, CancellationToken cancellationToken)
    {
        var parameters = new DeleteUserMemoryParameters();
        await client.Memory.DeleteUserMemoryAsync(id, parameters);
        await client.Memory.DeleteUserMemoryAsync(id, parameters, cancellationToken);
        await client.Memory.DeleteUserMemoryAsync(id, parameters: null, cancellationToken);
        await client.Memory.DeleteUserMemoryAsync(id, parameters: parameters, cancellationToken: cancellationToken);
        await client.Memory.DeleteUserMemoryAsync(id, (DeleteUserMemoryParameters?)null);
        await client.Memory.WithRawResponse.DeleteUserMemoryAsync(id, parameters, cancellationToken);
    }

    public static Task CallThroughTheInterfaceAsync(IMemoryClient memory, string id, CancellationToken cancellationToken) =>
        memory.DeleteUserMemoryAsync(id, new DeleteUserMemoryParameters(), cancellationToken);
}
