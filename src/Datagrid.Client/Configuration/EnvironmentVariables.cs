namespace Datagrid;

/// <summary>The environment variables the client reads, named as the official SDKs name them.</summary>
public static class EnvironmentVariables
{
    /// <summary>The API key.</summary>
    public const string ApiKey = "DATAGRID_API_KEY";

    /// <summary>The API base URL.</summary>
    public const string BaseUrl = "DATAGRID_BASE_URL";

    /// <summary>The teamspace id, sent as <c>Datagrid-Teamspace</c>.</summary>
    public const string TeamspaceId = "DATAGRID_TEAMSPACE_ID";

    /// <summary>Extra headers, one <c>Name: value</c> per line.</summary>
    public const string CustomHeaders = "DATAGRID_CUSTOM_HEADERS";
}
