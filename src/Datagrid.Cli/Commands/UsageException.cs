namespace Datagrid.Cli.Commands;

/// <summary>The command was used wrongly; the message says what to change. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
