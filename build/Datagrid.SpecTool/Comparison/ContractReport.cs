namespace Datagrid.SpecTool.Comparison;

/// <summary>All changes between two specs, in document order.</summary>
internal sealed record ContractReport(string OldName, string NewName, IReadOnlyList<ContractChange> Changes)
{
    public int BreakingCount => Changes.Count(c => c.IsBreaking);

    public int NonBreakingCount => Changes.Count - BreakingCount;

    public bool HasBreaking => BreakingCount > 0;
}
