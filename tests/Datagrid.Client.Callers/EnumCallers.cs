namespace Datagrid.Client.Callers;

/// <summary>Extensible enums: comparing with the known values and falling back to the raw value for newer ones.</summary>
internal static class EnumCallers
{
    public static string Describe(DatagridRateLimitException exception)
    {
        RateLimitErrorCode? code = exception.Body?.Error;
        if (code == RateLimitErrorCode.RateLimitExceeded)
        {
            return "rate limited";
        }

        var equal = code is { } value && value.Equals(new RateLimitErrorCode("quota_exceeded"));
        return code?.ToString() switch
        {
            "rate_limit_exceeded" => "rate limited",
            null => "no typed body",
            var other => equal ? "quota" : other,
        };
    }
}
