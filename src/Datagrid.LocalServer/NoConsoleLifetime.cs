using Microsoft.Extensions.Hosting;

namespace Datagrid.LocalServer;

/// <summary>
/// Keeps the host from taking over Ctrl+C/SIGTERM: the server lives inside a test or the CLI, which decide when
/// it stops (by disposing it).
/// </summary>
internal sealed class NoConsoleLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
