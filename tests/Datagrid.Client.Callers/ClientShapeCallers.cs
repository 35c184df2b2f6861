using Microsoft.Extensions.DependencyInjection;

namespace Datagrid.Client.Callers;

/// <summary>How callers get a client: the root client, a tag client alone, dependency injection, and their interfaces.</summary>
internal static class ClientShapeCallers
{
    public static async Task TagClientAloneAsync(string id, CancellationToken cancellationToken)
    {
        using var memory = new MemoryClient(new DatagridClientOptions { ApiKey = "key", UseEnvironment = false });
        await memory.DeleteUserMemoryAsync(id, cancellationToken);

        using var httpClient = new HttpClient();
        using var throughHttpClient = new MemoryClient(httpClient, new DatagridClientOptions { ApiKey = "key" });
        await throughHttpClient.WithRawResponse.DeleteUserMemoryAsync(id, cancellationToken);
    }

    public static async Task RootClientThroughItsInterfaceAsync(IDatagridClient client, string id, CancellationToken cancellationToken)
    {
        IMemoryClient memory = client.Memory;
        await memory.DeleteUserMemoryAsync(id, cancellationToken);
        await memory.WithRawResponse.DeleteUserMemoryAsync(id, cancellationToken);
    }

    public static async Task DependencyInjectionAsync(string id, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddDatagridClient(options => options.ApiKey = "key");
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMemoryClient>().DeleteUserMemoryAsync(id, cancellationToken);
        await provider.GetRequiredService<IDatagridClient>().Memory.DeleteUserMemoryAsync(id, cancellationToken);
    }

    public static string? ReadRateLimitError(DatagridRateLimitException exception) =>
        exception.Body is { } body ? $"{body.StatusCode} {body.Error} {body.Message} {body.Retryable} {body.Mitigation} {body.Details?.Reason}" : null;
}

/// <summary>A test double made by overriding the virtual methods (the way some callers mock without a library).</summary>
internal sealed class RecordingMemoryClient() : MemoryClient(new DatagridClientOptions { ApiKey = "key", UseEnvironment = false })
{
    public List<string> Deleted { get; } = [];

    public override Task DeleteUserMemoryAsync(string userMemoryId, CancellationToken cancellationToken = default)
    {
        Deleted.Add(userMemoryId);
        return Task.CompletedTask;
    }
}
