namespace Datagrid;

/// <summary>403 Forbidden: the API key may not do this (teamspace or role).</summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridPermissionDeniedException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException);
