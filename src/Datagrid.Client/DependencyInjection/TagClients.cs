using System.Reflection;

namespace Datagrid.DependencyInjection;

/// <summary>
/// The tag clients of <see cref="DatagridClient"/>, read from its generated properties (one per tag of the spec), so a
/// tag added to the spec is registered after a rebuild with no hand-written change.
/// </summary>
internal static class TagClients
{
    public static IReadOnlyList<TagClient> All { get; } = Find();

    private static TagClient[] Find() =>
        typeof(DatagridClient).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(static p => p.PropertyType.IsSubclassOf(typeof(DatagridClientBase)))
            .Select(static p => new TagClient(
                p.PropertyType,
                typeof(IDatagridClient).GetProperty(p.Name)?.PropertyType
                    ?? throw new InvalidOperationException($"IDatagridClient has no {p.Name} property; the client templates are out of step."),
                root => p.GetValue(root)!))
            .ToArray();

    /// <summary>A tag client type, its generated interface, and how to take it from the root client.</summary>
    internal sealed record TagClient(Type ClientType, Type InterfaceType, Func<DatagridClient, object> Get);
}
