using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Output;

/// <summary>No progress output (with --json, standard output carries only the summary).</summary>
internal sealed class QuietProgress : IProgressDisplay
{
    /// <inheritdoc />
    public Task<T> RunAsync<T>(int total, Func<Action<DeleteResult>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(_ => { });
    }
}
