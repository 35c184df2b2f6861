namespace Datagrid.Cli.Deleting;

/// <summary>A service the run was told to require (Redis) does not answer or refuses; nothing was sent. Exit code 4.</summary>
internal sealed class ServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
