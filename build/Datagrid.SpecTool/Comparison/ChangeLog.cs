namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Collects changes for one scope (an operation or the document) so comparers need not repeat it. The level of each
/// change comes from the rule catalog (after the user's <c>--relax</c> overrides), never from the comparer.
/// </summary>
internal sealed class ChangeLog(List<ContractChange> changes, string scope, string? operationId, RuleLevels levels)
{
    public string Scope => scope;

    public void Report(string rule, string message) => changes.Add(new ContractChange(scope, operationId, rule, levels.LevelOf(rule), message));

    public ChangeLog For(string otherScope, string? otherOperationId) => new(changes, otherScope, otherOperationId, levels);
}
