using System.Globalization;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;

namespace Datagrid.Cli.Planning;

/// <summary>
/// What a run will send, counted in one streaming pass over the input before anything is sent: rows, duplicates,
/// rows the journal says are done, deletes per teamspace; and, per teamspace, the stream of rows to send (read again
/// from the input). Shared by the real run, <c>--max-delete</c> and <c>--dry-run</c>.
/// </summary>
internal sealed class WorkPlan
{
    private const int MaxListed = 5;
    private readonly Func<IEnumerable<DeleteRow>> readRows;
    private readonly Func<DuplicateFilter> newFilter;
    private readonly Func<DeleteRow, bool> isDone;

    private WorkPlan(Func<IEnumerable<DeleteRow>> readRows, Func<DuplicateFilter> newFilter, Func<DeleteRow, bool> isDone)
    {
        this.readRows = readRows;
        this.newFilter = newFilter;
        this.isDone = isDone;
    }

    /// <summary>Rows read, duplicates included.</summary>
    public int Rows { get; private set; }

    /// <summary>Distinct rows.</summary>
    public int Distinct => Rows - Duplicates;

    /// <summary>Rows that repeat an earlier one (each is deleted once).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Distinct rows an earlier run finished (journal).</summary>
    public int AlreadyDone { get; private set; }

    /// <summary>Deletes to send per teamspace ("" for none), in order of first appearance.</summary>
    public IReadOnlyDictionary<string, int> ToSendPerTeamspace { get; private set; } = new Dictionary<string, int>();

    /// <summary>The first few duplicates, for the warning.</summary>
    public IReadOnlyList<string> DuplicateExamples { get; private set; } = [];

    /// <summary>Deletes to send.</summary>
    public int ToSend => ToSendPerTeamspace.Values.Sum();

    /// <summary>Counts what <paramref name="input"/> holds after duplicates and <paramref name="isDone"/>.</summary>
    public static WorkPlan For(IdInput input, Func<DeleteRow, bool>? isDone = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = new WorkPlan(input.ReadRows, input.NewDuplicateFilter, isDone ?? (_ => false));
        plan.Count(input.Source);
        return plan;
    }

    /// <summary>A plan over rows already in memory (the demo, tests).</summary>
    public static WorkPlan For(IReadOnlyList<DeleteRow> rows, Func<DeleteRow, bool>? isDone = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var repeated = rows.Count > 1 ? new HashSet<ulong>(rows.GroupBy(r => RowHash.High(RowHash.Of(r.Teamspace, r.Id))).Where(g => g.Count() > 1).Select(g => g.Key)) : [];
        var plan = new WorkPlan(() => rows, () => new DuplicateFilter(repeated), isDone ?? (_ => false));
        plan.Count("input");
        return plan;
    }

    /// <summary>The rows to send to <paramref name="teamspace"/> ("" for none), streamed in input order.</summary>
    public IEnumerable<DeleteRow> Pending(string teamspace)
    {
        var filter = newFilter();
        foreach (var row in readRows())
        {
            if (string.Equals(row.Teamspace ?? string.Empty, teamspace, StringComparison.Ordinal) && !filter.IsRepeat(row, out _) && !isDone(row))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// The earliest the deletes can finish at <paramref name="limit"/> requests per <paramref name="window"/>: teamspaces
    /// have their own windows and run concurrently, so the largest one sets the time.
    /// </summary>
    public TimeSpan EarliestFinish(int limit, TimeSpan window) =>
        ToSendPerTeamspace.Values.Select(n => ThrottleFigures.MinimumTime(n, limit, window)).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The refusal of <c>--max-delete</c>, or null when the plan is within it.</summary>
    public string? MaxDeleteRefusal(int? maxDelete) => maxDelete is { } cap && ToSend > cap
        ? string.Create(CultureInfo.InvariantCulture,
            $"--max-delete {cap}: this run would send {ToSend} delete(s) ({Rows} row(s) read, {Duplicates} duplicate(s), {AlreadyDone} already done per the journal). ") +
          "Nothing was sent. Check that this is the right file; if it is, raise --max-delete."
        : null;

    /// <summary>The warning about duplicates, or null when there were none.</summary>
    public string? DuplicateWarning => Duplicates == 0 ? null
        : string.Create(CultureInfo.InvariantCulture, $"Ignored {Duplicates} duplicate id(s), each is deleted once: {string.Join(", ", DuplicateExamples)}{(Duplicates > MaxListed ? ", ..." : string.Empty)}.");

    private void Count(string source)
    {
        var filter = newFilter();
        var perTeamspace = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<string>();
        foreach (var row in readRows())
        {
            Rows++;
            if (filter.IsRepeat(row, out var first))
            {
                if (++Duplicates <= MaxListed)
                {
                    examples.Add($"'{IdInput.Printable(row.Id)}' ({row.Where(source)}, first at {first.Where(source)})");
                }

                continue;
            }

            if (isDone(row))
            {
                AlreadyDone++;
                continue;
            }

            var key = row.Teamspace ?? string.Empty;
            perTeamspace[key] = perTeamspace.GetValueOrDefault(key) + 1;
        }

        ToSendPerTeamspace = perTeamspace;
        DuplicateExamples = examples;
    }
}
