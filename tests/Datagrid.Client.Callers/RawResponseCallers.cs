namespace Datagrid.Client.Callers;

/// <summary>WithRawResponse: the response details with the result.</summary>
internal static class RawResponseCallers
{
    public static async Task<string> DescribeAsync(DatagridClient client, string id, CancellationToken cancellationToken)
    {
        DatagridResponse response = await client.Memory.WithRawResponse.DeleteUserMemoryAsync(id, cancellationToken);
        var named = await client.Memory.WithRawResponse.DeleteUserMemoryAsync(id, cancellationToken: cancellationToken);
        var plain = await client.Memory.WithRawResponse.DeleteUserMemoryAsync(id);
        IMemoryClientWithRawResponse raw = client.Memory.WithRawResponse;
        var throughInterface = await raw.DeleteUserMemoryAsync(id, cancellationToken);
        var remaining = response.RateLimit?.Remaining;
        return $"{response.StatusCode} {response.RequestId} {response.Elapsed} {response.Attempts} {remaining} "
            + $"{named.Headers.Count} {plain.StatusCode} {throughInterface.StatusCode}";
    }
}
