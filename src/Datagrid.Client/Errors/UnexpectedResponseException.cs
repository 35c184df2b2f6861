namespace Datagrid;

/// <summary>
/// The exception class the generated code throws (nswag.json "exceptionClass") for a response the spec does not
/// declare, such as a 200 where only 204 is declared, or a success body that does not deserialize. Error statuses never
/// get here: <see cref="DatagridClientBase"/> turns them into typed exceptions first. Internal on purpose: callers
/// catch it as <see cref="DatagridApiException"/>.
/// </summary>
internal class UnexpectedResponseException : DatagridApiException
{
    public UnexpectedResponseException(
        string message,
        int statusCode,
        string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        Exception? innerException)
        : base(
            $"{message} (status {statusCode}). The API no longer matches openapi/datagrid.yaml: update the spec (build/update-spec.sh) or report it.",
            new DatagridErrorResponse(statusCode, headers, response),
            innerException)
    {
    }
}

/// <summary>The generic form NSwag's templates also call; the typed result is not kept.</summary>
internal sealed class UnexpectedResponseException<TResult> : UnexpectedResponseException
{
    public UnexpectedResponseException(
        string message,
        int statusCode,
        string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        TResult result,
        Exception? innerException)
        : base(message, statusCode, response, headers, innerException)
    {
    }
}
