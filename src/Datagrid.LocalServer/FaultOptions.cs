namespace Datagrid.LocalServer;

/// <summary>
/// Faults the server injects into accepted requests. Shares are probabilities between 0 and 1, drawn from a
/// random generator seeded with <see cref="Seed"/> so a test run is repeatable (for a given request order).
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Share of accepted requests answered with 500 instead of being processed.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share of accepted requests whose connection is aborted without a response.</summary>
    public double DropConnectionRate { get; set; }

    /// <summary>Delay added before every accepted request is processed (measured on the server's TimeProvider).</summary>
    public TimeSpan AddedLatency { get; set; }

    /// <summary>Seed of the fault random generator.</summary>
    public int Seed { get; set; } = 1;

    internal void Validate()
    {
        CheckShare(ServerErrorRate, nameof(ServerErrorRate));
        CheckShare(DropConnectionRate, nameof(DropConnectionRate));
        if (ServerErrorRate + DropConnectionRate > 1)
        {
            throw new ArgumentException("ServerErrorRate + DropConnectionRate cannot exceed 1.", nameof(ServerErrorRate));
        }

        if (AddedLatency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AddedLatency), AddedLatency, "AddedLatency cannot be negative.");
        }
    }

    private static void CheckShare(double value, string name)
    {
        if (double.IsNaN(value) || value is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1.");
        }
    }
}
