namespace Datagrid.Cli;

/// <summary>The command was used wrongly; the message says what to change. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
