using Datagrid.Cli.Journal;
using Datagrid.Cli.Reporting;

namespace Datagrid.Cli.Deleting;

/// <summary>Where each result is recorded as it arrives: the journal (the resume record) and the report, either optional.</summary>
internal sealed class ResultSink(DeleteJournal? journal, ReportWriter? report)
{
    public DeleteJournal? Journal => journal;

    /// <exception cref="JournalWriteException">The journal or the report could not be written.</exception>
    public async Task RecordAsync(DeleteResult result)
    {
        if (journal is not null)
        {
            await journal.RecordAsync(result).ConfigureAwait(false);
        }

        if (report is not null)
        {
            await report.WriteAsync(result).ConfigureAwait(false);
        }
    }
}
