using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Datagrid.Client.Redis.Tests;

/// <summary>Collects log lines (level and message) so tests can see the warnings.</summary>
internal sealed class ListLogger : ILoggerProvider, ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public ILoggerFactory Factory()
    {
        var factory = new LoggerFactory();
        factory.AddProvider(this);
        return factory;
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));

    public void Dispose()
    {
    }
}
