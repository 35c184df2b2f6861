using System.Text;
using System.Text.Json;
using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Journal;

/// <summary>Reads a journal file: results (the last word on a row wins), contexts, budgets; a torn line is skipped with a warning.</summary>
internal static class JournalReader
{
    /// <param name="path">The real path.</param>
    /// <param name="shownPath">The path as the user gave it, for messages.</param>
    /// <param name="runTeamspace">The teamspace of lines that name none, when the journal itself says nothing (older journals).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<JournalContents> ReadAsync(string path, string shownPath, string? runTeamspace, CancellationToken cancellationToken)
    {
        var done = new DoneSet();
        var warnings = new List<string>();
        JournalContext? context = null;
        JournalBudget? budget = null;
        await using var reading = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using (var reader = new StreamReader(reading, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
        {
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }

                if (!Apply(line, done, ref context, ref budget, runTeamspace))
                {
                    warnings.Add($"Journal '{shownPath}' line {number} is not a journal entry (cut short by a crash?); ignored.");
                }
            }
        }

        var endsWithNewline = true;
        if (reading.Length > 0)
        {
            reading.Seek(-1, SeekOrigin.End);
            endsWithNewline = reading.ReadByte() == '\n';
        }

        return new JournalContents(done, warnings, context, budget, endsWithNewline);
    }

    private static bool Apply(string line, DoneSet done, ref JournalContext? context, ref JournalBudget? budget, string? runTeamspace)
    {
        try
        {
            if (line.StartsWith("{\"context\"", StringComparison.Ordinal))
            {
                if (JsonSerializer.Deserialize<JournalContextEntry>(line)?.Context is { BaseUrl: not null, KeyFingerprint: not null } read)
                {
                    context = read;
                    return true;
                }

                return false;
            }

            if (line.StartsWith("{\"budget\"", StringComparison.Ordinal))
            {
                if (JsonSerializer.Deserialize<JournalBudgetEntry>(line)?.Budget is { Limit: > 0, WindowSeconds: > 0 } read)
                {
                    budget = read;
                    return true;
                }

                return false;
            }

            var entry = JsonSerializer.Deserialize<JournalEntry>(line);
            if (entry?.Id is null || FromText(entry.Outcome) is not { } outcome)
            {
                return false;
            }

            // A line without a teamspace belongs to the context it was written under (older journals: this run's).
            // The last word on a row wins: a failure later retried successfully counts as done.
            done.Record(entry.Teamspace ?? (context is null ? runTeamspace : context.RowTeamspace), entry.Id, outcome is DeleteOutcome.Deleted or DeleteOutcome.Absent);

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static DeleteOutcome? FromText(string? text) => text switch
    {
        "deleted" => DeleteOutcome.Deleted,
        "absent" => DeleteOutcome.Absent,
        "failed" => DeleteOutcome.Failed,
        _ => null,
    };
}
