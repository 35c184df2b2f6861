namespace Datagrid.Cli.Ids;

/// <summary>
/// Passes each row the first time it is seen in one pass over an <see cref="IdInput"/>. Only rows whose hash appeared
/// more than once in the input are remembered, by their strings, so the check is exact and its memory grows with the
/// duplicates, not with the list.
/// </summary>
internal sealed class DuplicateFilter(HashSet<ulong> mayRepeat)
{
    private readonly Dictionary<DeleteRow, DeleteRow> seen = new(DeleteRow.SameWork);

    /// <summary>True when <paramref name="row"/> repeats an earlier row (<paramref name="first"/>).</summary>
    public bool IsRepeat(DeleteRow row, out DeleteRow first)
    {
        first = default;
        if (mayRepeat.Count == 0 || !mayRepeat.Contains(Ids.RowHash.High(Ids.RowHash.Of(row.Teamspace, row.Id))))
        {
            return false;
        }

        if (seen.TryGetValue(row, out first))
        {
            return true;
        }

        seen[row] = row;
        return false;
    }
}
