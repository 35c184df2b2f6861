namespace Datagrid.Cli;

/// <summary>
/// How a run is asked to stop. The first signal (Ctrl+C / SIGINT, or SIGTERM) stops taking new ids and lets the
/// deletes in flight finish and be journalled; a second signal aborts them at once. The exit code says which signal
/// came first (130 or 143), as shells and schedulers expect.
/// </summary>
internal sealed class StopControl : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource abort = new();
    private int signals;

    /// <summary>Cancelled by the first signal: take no new ids.</summary>
    public CancellationToken Stopping => stop.Token;

    /// <summary>Cancelled by the second signal: give up the deletes in flight.</summary>
    public CancellationToken Aborting => abort.Token;

    /// <summary>The exit code of the first signal (130 SIGINT, 143 SIGTERM), or null while none came.</summary>
    public int? SignalExitCode { get; private set; }

    /// <summary>A control that stops (as Ctrl+C) when <paramref name="token"/> is cancelled: in-process callers and tests.</summary>
    public static StopControl From(CancellationToken token)
    {
        var control = new StopControl();
        token.Register(() => control.Signal(ExitCodes.Cancelled));
        return control;
    }

    /// <summary>Records a signal; returns true when it was the second (the caller may then end the process).</summary>
    public bool Signal(int exitCode)
    {
        if (Interlocked.Increment(ref signals) == 1)
        {
            SignalExitCode = exitCode;
            stop.Cancel();
            return false;
        }

        abort.Cancel();
        return true;
    }

    public void Dispose()
    {
        stop.Dispose();
        abort.Dispose();
    }
}
