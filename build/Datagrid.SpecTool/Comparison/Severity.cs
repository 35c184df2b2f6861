namespace Datagrid.SpecTool.Comparison;

/// <summary>Whether a change can break callers of the generated client (at compile time or at run time).</summary>
internal enum Severity
{
    Breaking,
    NonBreaking,
}
