using Microsoft.Extensions.Logging;

namespace Datagrid;

/// <summary>
/// Logging and tracing (<see cref="DatagridClientOptions.Diagnostics"/>). Metrics and activities are always published
/// on the <c>Datagrid.Client</c> meter and activity source; they cost nothing until someone listens.
/// </summary>
public sealed class DatagridDiagnosticsOptions
{
    private readonly FreezeGuard _guard;
    private ILoggerFactory? _loggerFactory;

    internal DatagridDiagnosticsOptions(FreezeGuard guard) => _guard = guard;

    /// <summary>Where the client logs waits and retries (category <c>Datagrid.Client</c>). Nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get => _loggerFactory; set => _guard.Set(ref _loggerFactory, value); }

    /// <inheritdoc/>
    public override string ToString() => $"{{ LoggerFactory = {(LoggerFactory is null ? "(none)" : LoggerFactory.GetType().Name)} }}";
}
