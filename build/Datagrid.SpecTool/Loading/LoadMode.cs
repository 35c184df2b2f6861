namespace Datagrid.SpecTool.Loading;

/// <summary>How much invalidity a caller accepts.</summary>
internal enum LoadMode
{
    /// <summary>Refuse any diagnostic error or dangling reference: the spec is about to become the project's contract.</summary>
    Strict,

    /// <summary>
    /// Accept any OpenAPI 3.x document the reader can build and list its errors as problems: specs in the wild often
    /// lack response descriptions or declare path parameters missing from the path, and a contract diff should still
    /// compare what it can.
    /// </summary>
    Lenient,
}
