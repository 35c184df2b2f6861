namespace Datagrid.Cli.Journal;

/// <summary>A result could not be written to the journal or the report (disk full, file removed, permission lost).</summary>
internal sealed class JournalWriteException(string message, Exception? inner = null) : IOException(message, inner);
