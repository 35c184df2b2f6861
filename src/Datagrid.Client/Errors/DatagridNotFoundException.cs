namespace Datagrid;

/// <summary>404 Not Found: the resource does not exist (for a delete: it is already gone).</summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridNotFoundException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException);
