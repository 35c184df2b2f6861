using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Journal;

namespace Datagrid.Cli.Planning;

/// <summary>What a run would do with its rows after the journal: how many deletes per teamspace, and how long at best.</summary>
internal sealed record DeletePlan(int Rows, int Duplicates, int AlreadyDone, IReadOnlyDictionary<string, int> ToSendPerTeamspace)
{
    /// <summary>Deletes the run would send.</summary>
    public int ToSend => ToSendPerTeamspace.Values.Sum();

    /// <summary>Counts the rows of <paramref name="list"/> not done per <paramref name="isDone"/>, per teamspace ("" for none).</summary>
    public static DeletePlan For(IdList list, Func<DeleteRow, bool> isDone)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(isDone);
        var perTeamspace = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var done = 0;
        foreach (var row in list.Rows)
        {
            if (isDone(row))
            {
                done++;
                continue;
            }

            var key = row.Teamspace ?? string.Empty;
            perTeamspace[key] = perTeamspace.GetValueOrDefault(key) + 1;
        }

        return new DeletePlan(list.Rows.Count + list.Duplicates, list.Duplicates, done, perTeamspace);
    }

    /// <summary>
    /// The earliest the deletes can finish at <paramref name="limit"/> requests per <paramref name="window"/>: teamspaces
    /// have their own windows and run concurrently, so the largest one sets the time.
    /// </summary>
    public TimeSpan EarliestFinish(int limit, TimeSpan window) =>
        ToSendPerTeamspace.Values.Select(n => ThrottleFigures.MinimumTime(n, limit, window)).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The refusal of <c>--max-delete</c>, or null when the plan is within it.</summary>
    public string? MaxDeleteRefusal(int? maxDelete) => maxDelete is { } cap && ToSend > cap
        ? $"--max-delete {cap}: this run would send {ToSend} delete(s) ({Rows} row(s) read, {Duplicates} duplicate(s), {AlreadyDone} already done per the journal). " +
          "Nothing was sent. Check that this is the right file; if it is, raise --max-delete."
        : null;
}
