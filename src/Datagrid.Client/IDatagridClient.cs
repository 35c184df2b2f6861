namespace Datagrid;

/// <summary>The root client's tag clients (generated, one property per tag of the spec): the seam to mock in callers' tests.</summary>
public partial interface IDatagridClient
{
    /// <summary>
    /// A client applying <paramref name="configure"/>'s overrides to its calls, sharing this client's pipeline, rate
    /// limiter and connections (see <see cref="DatagridClient.WithOptions"/>).
    /// </summary>
    /// <param name="configure">Sets the overrides; what it leaves unset keeps this client's value.</param>
    /// <returns>A new client over the same pipeline.</returns>
    IDatagridClient WithOptions(Action<DatagridRequestOptions> configure);
}
