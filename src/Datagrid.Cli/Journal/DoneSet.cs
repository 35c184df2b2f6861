using Datagrid.Cli.Ids;

namespace Datagrid.Cli.Journal;

/// <summary>
/// The rows a journal says are done (deleted or absent), kept as 128-bit fingerprints (<see cref="RowHash"/>): about
/// 30 bytes a row whatever the length of the ids, instead of the strings.
/// </summary>
internal sealed class DoneSet
{
    private readonly HashSet<UInt128> done = [];

    public int Count => done.Count;

    public bool Contains(string? teamspace, string id) => done.Contains(RowHash.Of(teamspace, id));

    /// <summary>The last word on a row wins: a failure after a success makes it to-do again, and the reverse.</summary>
    public void Record(string? teamspace, string id, bool isDone)
    {
        var key = RowHash.Of(teamspace, id);
        if (isDone)
        {
            done.Add(key);
        }
        else
        {
            done.Remove(key);
        }
    }
}
