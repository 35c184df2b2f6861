namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// One difference between two specs. <see cref="Scope"/> is <c>METHOD /path</c>, <c>webhook NAME METHOD</c> or
/// <see cref="ContractChange.DocumentScope"/>.
/// </summary>
internal sealed record ContractChange(string Scope, string? OperationId, string Rule, Level Level, string Message)
{
    public const string DocumentScope = "(document)";

    public bool IsBreaking => Level == Level.Breaking;
}
