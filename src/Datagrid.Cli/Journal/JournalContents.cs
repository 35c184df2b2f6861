namespace Datagrid.Cli.Journal;

/// <summary>What an existing journal says: the rows done, the latest context and budget, and the lines skipped.</summary>
internal sealed record JournalContents(
    DoneSet Done,
    List<string> Warnings,
    JournalContext? Context,
    JournalBudget? Budget,
    bool EndsWithNewline);
