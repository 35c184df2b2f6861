using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Datagrid.Diagnostics;

/// <summary>
/// The client's metrics and traces. Names are public contract (documented in the rate-limits guide, "Observability"):
/// listen with a <see cref="MeterListener"/>, OpenTelemetry <c>AddMeter("Datagrid.Client")</c> /
/// <c>AddSource("Datagrid.Client")</c>, or <c>dotnet-counters monitor --counters Datagrid.Client</c>.
/// </summary>
internal static class DatagridTelemetry
{
    /// <summary>Name of both the <see cref="Meter"/> and the <see cref="ActivitySource"/>.</summary>
    public const string Name = "Datagrid.Client";

    public static readonly string Version =
        typeof(DatagridTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Attempts sent to the server (first tries and retries).</summary>
    public static readonly Counter<long> Attempts =
        Meter.CreateCounter<long>("datagrid.client.attempts", "{request}", "Requests sent to the server, retries included.");

    /// <summary>Retries scheduled, tagged with the reason (status code, connection_error, timeout).</summary>
    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("datagrid.client.retries", "{retry}", "Retries scheduled after a failed attempt.");

    /// <summary>Requests held back by the client-side limiter before being sent.</summary>
    public static readonly Counter<long> ThrottleWaits =
        Meter.CreateCounter<long>("datagrid.client.throttle_waits", "{wait}", "Requests that waited for the client-side rate limiter.");

    /// <summary>How long requests waited for the client-side limiter.</summary>
    public static readonly Histogram<double> ThrottleWaitDuration =
        Meter.CreateHistogram<double>("datagrid.client.throttle_wait.duration", "s", "Time requests waited for the client-side rate limiter.");

    /// <summary>429 responses received.</summary>
    public static readonly Counter<long> RateLimited =
        Meter.CreateCounter<long>("datagrid.client.rate_limited", "{response}", "429 Too Many Requests responses received.");
}
