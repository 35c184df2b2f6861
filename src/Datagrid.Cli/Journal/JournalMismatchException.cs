namespace Datagrid.Cli.Journal;

/// <summary>A journal written under another base URL, teamspace or key; the message says what differs and what to do.</summary>
internal sealed class JournalMismatchException(string message) : IOException(message);
