using Spectre.Console;
using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Output;

/// <summary>A live progress bar for an interactive terminal.</summary>
internal sealed class SpectreProgress(IAnsiConsole console) : IProgressDisplay
{
    /// <inheritdoc />
    public Task<T> RunAsync<T>(int total, Func<Action<DeleteResult>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Deleting", maxValue: Math.Max(1, total));
                var gate = new Lock();
                int deleted = 0, absent = 0, failed = 0;
                return await work(result =>
                {
                    lock (gate)
                    {
                        switch (result.Outcome)
                        {
                            case DeleteOutcome.Deleted: deleted++; break;
                            case DeleteOutcome.Absent: absent++; break;
                            default: failed++; break;
                        }

                        task.Description = $"deleted [green]{deleted}[/] absent [blue]{absent}[/] failed [red]{failed}[/]";
                        task.Increment(1);
                    }
                }).ConfigureAwait(false);
            });
    }
}
