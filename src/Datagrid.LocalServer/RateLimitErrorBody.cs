using System.Text.Json.Serialization;

namespace Datagrid.LocalServer;

/// <summary>The spec's <c>RateLimitError</c> schema, as the server sends it with a 429.</summary>
/// <remarks>The deprecated <c>statusCode</c> is left out: the spec marks it deprecated and does not require it.</remarks>
internal sealed record RateLimitErrorBody(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("mitigation")] string Mitigation,
    [property: JsonPropertyName("retryable")] bool Retryable,
    [property: JsonPropertyName("details")] RateLimitErrorDetails Details);

/// <summary>The <c>details</c> object of <see cref="RateLimitErrorBody"/>.</summary>
internal sealed record RateLimitErrorDetails([property: JsonPropertyName("reason")] string Reason);

/// <summary>Body of the responses the spec does not declare (401, 404, 500): same shape as Datagrid's errors.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);
