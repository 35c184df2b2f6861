namespace Datagrid.SpecTool.Comparison;

/// <summary>All changes between two specs, in document order, and which operations were added or removed.</summary>
internal sealed record ContractReport(string OldName, string NewName, IReadOnlyList<ContractChange> Changes)
{
    public int BreakingCount => Count(Level.Breaking);

    public int WarningCount => Count(Level.Warning);

    public int InfoCount => Count(Level.Info);

    public bool HasBreaking => BreakingCount > 0;

    public int Count(Level level) => Changes.Count(c => c.Level == level);

    /// <summary>True when a change at <paramref name="failOn"/> or worse is present.</summary>
    public bool Fails(Level failOn) => Changes.Any(c => c.Level <= failOn);
}
