namespace Datagrid.Samples.Snippets;

/// <summary>The errors guide: reading an extensible enum, with a branch for values newer than the client.</summary>
internal static class ExtensibleEnums
{
    public static async Task<TimeSpan?> DeleteAsync(MemoryClient client, string id)
    {
        #region extensible-enums
        try
        {
            await client.DeleteUserMemoryAsync(id);
        }
        catch (DatagridRateLimitException ex) when (ex.Body?.Error == RateLimitErrorCode.RateLimitExceeded)
        {
            return ex.RetryAfter; // a known value: compare with ==
        }
        catch (DatagridRateLimitException ex)
        {
            switch (ex.Body?.Error.ToString()) // or switch on the wire value
            {
                case "quota_exceeded":
                    throw new InvalidOperationException("The monthly quota is used up.", ex);
                default: // a value added after this client was built: ex.ErrorCode has it
                    return ex.RetryAfter;
            }
        }
        #endregion
        return null;
    }
}
