namespace Datagrid;

/// <summary>401 Unauthorized: the API key is missing, wrong or revoked.</summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridAuthenticationException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException);
