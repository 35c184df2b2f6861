namespace Datagrid.SpecTool;

/// <summary>Input the tool cannot use; the message says what was wrong and what to do. Maps to exit code 2.</summary>
internal sealed class SpecInputException : Exception
{
    public SpecInputException(string message)
        : base(message)
    {
    }

    public SpecInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
