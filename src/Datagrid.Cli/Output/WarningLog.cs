using Microsoft.Extensions.Logging;

namespace Datagrid.Cli.Output;

/// <summary>Library log lines of level Warning and above, written to the CLI's error stream as "warning: ...".</summary>
internal sealed class WarningLog(TextWriter error) : ILoggerFactory, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            lock (error)
            {
                error.WriteLine($"{(logLevel == LogLevel.Warning ? "warning" : "error")}: {formatter(state, exception)}");
            }
        }
    }

    public void Dispose()
    {
    }
}
