namespace Datagrid.SpecTool;

/// <summary>Process exit codes; CI scripts depend on these values.</summary>
internal static class ExitCodes
{
    /// <summary>Success; for <c>diff</c>, nothing breaks callers.</summary>
    public const int Ok = 0;

    /// <summary><c>diff</c> found at least one breaking change.</summary>
    public const int Breaking = 1;

    /// <summary>Bad input: unreadable source, not a valid OpenAPI 3.x document, or a bad command line.</summary>
    public const int BadInput = 2;
}
