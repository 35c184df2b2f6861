namespace Datagrid;

/// <summary>The client cannot be built from the given options and environment; the message says what to change.</summary>
public sealed class DatagridConfigurationException : DatagridException
{
    /// <summary>Creates the exception.</summary>
    public DatagridConfigurationException(string message)
        : base(message)
    {
    }
}
