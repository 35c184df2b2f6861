using System.Runtime.InteropServices;
using Datagrid.Cli;

// The first Ctrl+C or SIGTERM stops taking ids, lets the deletes in flight finish (at most --timeout) and prints the
// summary; a second one gives up the deletes in flight at once, and if the process has still not ended a moment
// later (a hung write), it is ended with the first signal's exit code.
using var control = new StopControl();
void OnSignal(int exitCode)
{
    if (control.Signal(exitCode))
    {
        _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => Environment.Exit(control.SignalExitCode ?? exitCode), TaskScheduler.Default);
    }
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    OnSignal(ExitCodes.Cancelled);
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    OnSignal(ExitCodes.Terminated);
});

return await new CliApp().RunAsync(args, Console.Out, Console.Error, control);
