using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Output;

/// <summary>
/// Progress for logs and redirected output: a line at every tenth of the way and one per failure, not one per id
/// (the journal has those).
/// </summary>
internal sealed class PlainProgress(TextWriter output) : IProgressDisplay
{
    /// <inheritdoc />
    public async Task<T> RunAsync<T>(int total, Func<Action<DeleteResult>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var gate = new Lock();
        int done = 0, deleted = 0, absent = 0, failed = 0, nextMark = 1;
        lock (gate)
        {
            output.WriteLine($"Deleting {total} id(s)...");
        }

        return await work(result =>
        {
            lock (gate)
            {
                done++;
                switch (result.Outcome)
                {
                    case DeleteOutcome.Deleted: deleted++; break;
                    case DeleteOutcome.Absent: absent++; break;
                    default:
                        failed++;
                        output.WriteLine($"  failed {result.Id}: {result.Reason}");
                        break;
                }

                if (done * 10 >= nextMark * total)
                {
                    output.WriteLine($"  {done}/{total}: deleted {deleted}, absent {absent}, failed {failed}");
                    while (done * 10 >= nextMark * total)
                    {
                        nextMark++;
                    }
                }
            }
        }).ConfigureAwait(false);
    }
}
