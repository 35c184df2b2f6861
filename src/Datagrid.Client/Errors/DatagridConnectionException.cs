namespace Datagrid;

/// <summary>No response arrived: the connection failed or broke. The request may or may not have reached the server.</summary>
public class DatagridConnectionException : DatagridException
{
    /// <summary>Creates the exception.</summary>
    public DatagridConnectionException(string message, int attempts, Exception? innerException = null)
        : base(message, innerException)
    {
        Attempts = attempts;
    }

    /// <summary>How many requests were sent before giving up, retries included.</summary>
    public int Attempts { get; }
}
