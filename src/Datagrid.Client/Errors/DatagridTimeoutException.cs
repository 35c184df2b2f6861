namespace Datagrid;

/// <summary>
/// An attempt took longer than <see cref="DatagridClientOptions.Timeout"/> and every retry did too, or the whole call
/// took longer than its <see cref="DatagridClientOptions.Deadline"/> (the message says which).
/// </summary>
public class DatagridTimeoutException : DatagridConnectionException
{
    /// <summary>Creates the exception.</summary>
    public DatagridTimeoutException(string message, int attempts, Exception? innerException = null)
        : base(message, attempts, innerException)
    {
    }
}
