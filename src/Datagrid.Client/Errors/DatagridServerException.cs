namespace Datagrid;

/// <summary>5xx: the server failed; the request may succeed later.</summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridServerException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException);
