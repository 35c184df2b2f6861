using System.Runtime.InteropServices;
using Datagrid.Cli;

// Ctrl+C and SIGTERM cancel the run so the command can stop cleanly and print its summary; a second Ctrl+C
// is left to the runtime and ends the process at once.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await new CliApp().RunAsync(args, Console.Out, Console.Error, cancellation.Token);
