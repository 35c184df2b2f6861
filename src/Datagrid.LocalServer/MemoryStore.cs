using System.Collections.Concurrent;

namespace Datagrid.LocalServer;

/// <summary>The user memories the server holds: only their ids matter to the delete endpoint.</summary>
internal sealed class MemoryStore
{
    private readonly ConcurrentDictionary<string, byte> ids = new(StringComparer.Ordinal);

    public int Count => ids.Count;

    public void Add(string id) => ids.TryAdd(id, 0);

    public bool Remove(string id) => ids.TryRemove(id, out _);

    public IReadOnlyCollection<string> Snapshot() => ids.Keys.Order(StringComparer.Ordinal).ToArray();
}
