namespace Datagrid.LocalServer;

/// <summary>What the server does with an accepted request.</summary>
internal enum FaultKind
{
    None,
    ServerError,
    DropConnection,
}

/// <summary>Draws faults from a seeded generator; one lock keeps the sequence repeatable under concurrency.</summary>
internal sealed class FaultInjector(FaultOptions options)
{
    private readonly Random random = new(options.Seed);
    private readonly Lock gate = new();

    public TimeSpan AddedLatency => options.AddedLatency;

    public FaultKind Next()
    {
        if (options.ServerErrorRate == 0 && options.DropConnectionRate == 0)
        {
            return FaultKind.None;
        }

        double draw;
        lock (gate)
        {
#pragma warning disable CA5394 // Not security: a seeded generator is the point, so faults repeat.
            draw = random.NextDouble();
#pragma warning restore CA5394
        }

        if (draw < options.ServerErrorRate)
        {
            return FaultKind.ServerError;
        }

        return draw < options.ServerErrorRate + options.DropConnectionRate ? FaultKind.DropConnection : FaultKind.None;
    }
}
