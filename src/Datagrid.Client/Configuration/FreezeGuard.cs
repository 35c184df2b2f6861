namespace Datagrid;

/// <summary>
/// Shared by a <see cref="DatagridClientOptions"/> and its sub-objects: once a client is built from them, every setter
/// throws, so a change after the fact fails loudly instead of being silently ignored by the running client.
/// </summary>
internal sealed class FreezeGuard
{
    private volatile bool _frozen;

    public bool IsFrozen => _frozen;

    public void Freeze() => _frozen = true;

    public void Set<T>(ref T field, T value)
    {
        ThrowIfFrozen();
        field = value;
    }

    public void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException(
                "These DatagridClientOptions are frozen: a client was already built from them and would not see the change. " +
                "Set the options before creating the client, or create a new DatagridClientOptions for another client.");
        }
    }
}
