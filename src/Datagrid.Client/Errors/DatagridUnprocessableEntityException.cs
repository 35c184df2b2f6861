namespace Datagrid;

/// <summary>422 Unprocessable Entity: the request was understood but its content is invalid.</summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridUnprocessableEntityException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException);
