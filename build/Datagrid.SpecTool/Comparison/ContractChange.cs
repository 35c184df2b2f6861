namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// One difference between two specs. <see cref="Scope"/> is <c>METHOD /path</c> or <see cref="ContractChange.DocumentScope"/>.
/// </summary>
internal sealed record ContractChange(string Scope, string? OperationId, string Rule, Severity Severity, string Message)
{
    public const string DocumentScope = "(document)";

    public bool IsBreaking => Severity == Severity.Breaking;
}
