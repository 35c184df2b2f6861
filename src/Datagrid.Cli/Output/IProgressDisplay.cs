using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Output;

/// <summary>Shows a bulk delete's progress while <c>work</c> runs; <c>work</c> reports each result through the action.</summary>
internal interface IProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with a result callback that updates the display.</summary>
    Task<T> RunAsync<T>(int total, Func<Action<DeleteResult>, Task<T>> work);
}
