namespace Datagrid;

/// <summary>
/// The API operation a generated method sends: its HTTP method, path template and the success statuses it accepts.
/// </summary>
/// <remarks>
/// Generated on every operation method, so the approved public API listing records what each method sends: a renamed
/// path or a changed success status shows there as a changed member, which the C# API gate of build/check-contract.sh
/// reports even though no signature changed. Callers can read it too (telemetry, routing tests).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DatagridOperationAttribute : Attribute
{
    /// <summary>Describes one operation.</summary>
    /// <param name="method">The HTTP method, upper case (<c>DELETE</c>).</param>
    /// <param name="pathTemplate">The path template from the spec (<c>/user-memories/{user_memory_id}</c>).</param>
    /// <param name="successStatuses">The success statuses the method accepts, space-separated (<c>204</c>).</param>
    public DatagridOperationAttribute(string method, string pathTemplate, string successStatuses)
    {
        Method = method;
        PathTemplate = pathTemplate;
        SuccessStatuses = successStatuses;
    }

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path template from the spec, relative to the base URL.</summary>
    public string PathTemplate { get; }

    /// <summary>The success statuses the method accepts, space-separated.</summary>
    public string SuccessStatuses { get; }
}
