namespace Datagrid.SpecTool.Comparison;

/// <summary>Which way data flows: it decides which side of a change hurts callers.</summary>
internal enum SchemaDirection
{
    /// <summary>Callers send it (request body, parameters).</summary>
    Request,

    /// <summary>Callers receive it (response bodies).</summary>
    Response,
}
