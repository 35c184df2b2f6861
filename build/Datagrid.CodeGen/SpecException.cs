namespace Datagrid.CodeGen;

/// <summary>The spec cannot be turned into a client; the message says what to fix.</summary>
public sealed class SpecException(string message) : Exception(message);
