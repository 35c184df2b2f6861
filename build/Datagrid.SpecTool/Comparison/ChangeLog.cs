namespace Datagrid.SpecTool.Comparison;

/// <summary>Collects changes for one scope (an operation or the document) so comparers need not repeat it.</summary>
internal sealed class ChangeLog(List<ContractChange> changes, string scope, string? operationId)
{
    public string Scope => scope;

    public void Breaking(string rule, string message) => changes.Add(new ContractChange(scope, operationId, rule, Severity.Breaking, message));

    public void NonBreaking(string rule, string message) => changes.Add(new ContractChange(scope, operationId, rule, Severity.NonBreaking, message));

    public void Add(string rule, bool breaking, string message)
    {
        if (breaking)
        {
            Breaking(rule, message);
        }
        else
        {
            NonBreaking(rule, message);
        }
    }
}
