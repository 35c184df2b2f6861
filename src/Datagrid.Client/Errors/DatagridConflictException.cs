namespace Datagrid;

/// <summary>409 Conflict: the request clashes with the resource's current state.</summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridConflictException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException);
