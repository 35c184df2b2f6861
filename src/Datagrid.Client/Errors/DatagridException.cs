namespace Datagrid;

/// <summary>Base of every exception the Datagrid client throws on purpose; catch it to handle them all.</summary>
public class DatagridException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatagridException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
