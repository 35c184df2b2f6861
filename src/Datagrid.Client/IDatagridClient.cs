namespace Datagrid;

/// <summary>The root client's tag clients (generated, one property per tag of the spec): the seam to mock in callers' tests.</summary>
public partial interface IDatagridClient
{
}
