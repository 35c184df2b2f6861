namespace Datagrid.LocalServer;

/// <summary>Live counts of what the server did, safe to read while it runs.</summary>
public sealed class ServerCounters
{
    private long requests;
    private long deletes;
    private long notFound;
    private long unauthorized;
    private long throttled;
    private long serverErrors;
    private long droppedConnections;

    /// <summary>Requests that reached the delete endpoint, whatever their outcome.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>204 responses: memories actually deleted.</summary>
    public long Deletes => Interlocked.Read(ref deletes);

    /// <summary>404 responses.</summary>
    public long NotFound => Interlocked.Read(ref notFound);

    /// <summary>401 responses.</summary>
    public long Unauthorized => Interlocked.Read(ref unauthorized);

    /// <summary>429 responses.</summary>
    public long Throttled => Interlocked.Read(ref throttled);

    /// <summary>Injected 500 responses.</summary>
    public long ServerErrors => Interlocked.Read(ref serverErrors);

    /// <summary>Injected aborted connections.</summary>
    public long DroppedConnections => Interlocked.Read(ref droppedConnections);

    internal void AddRequest() => Interlocked.Increment(ref requests);

    internal void AddDelete() => Interlocked.Increment(ref deletes);

    internal void AddNotFound() => Interlocked.Increment(ref notFound);

    internal void AddUnauthorized() => Interlocked.Increment(ref unauthorized);

    internal void AddThrottled() => Interlocked.Increment(ref throttled);

    internal void AddServerError() => Interlocked.Increment(ref serverErrors);

    internal void AddDroppedConnection() => Interlocked.Increment(ref droppedConnections);

    /// <inheritdoc />
    public override string ToString() =>
        $"requests={Requests} deletes={Deletes} notFound={NotFound} unauthorized={Unauthorized} throttled={Throttled} serverErrors={ServerErrors} dropped={DroppedConnections}";
}
