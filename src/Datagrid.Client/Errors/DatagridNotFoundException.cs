using System.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Datagrid;

/// <summary>
/// 404 Not Found. Only when <see cref="IsApiNotFound"/> is true did the Datagrid API itself say the resource does not
/// exist (for a delete: it is already gone). Any other 404 comes from something else on the path, typically a base URL
/// that does not reach the API (missing <c>/v1</c>, a proxy), and proves nothing about the resource.
/// </summary>
/// <inheritdoc cref="DatagridApiException" path="/param"/>
public class DatagridNotFoundException(string message, DatagridErrorResponse response, Exception? innerException = null)
    : DatagridApiException(message, response, innerException)
{
    /// <summary>The <c>error</c> code the API uses in its not-found body (its errors share the <c>RateLimitError</c> shape).</summary>
    public const string ApiErrorCode = "not_found";

    /// <summary>
    /// True when the 404 is the API's own not-found answer: a JSON body (<c>Content-Type: application/json</c>) that is
    /// an object with <c>"error": "not_found"</c> (and, if present, <c>"status_code": 404</c>). A route-level 404 (an empty
    /// body, an HTML page, another JSON shape) is false.
    /// </summary>
    public bool IsApiNotFound { get; } = IsApiAnswer(response);

    internal static bool IsApiAnswer(DatagridErrorResponse? response)
    {
        if (response is null || response.StatusCode != 404 || string.IsNullOrWhiteSpace(response.Body) || !IsJson(response.Headers))
        {
            return false;
        }

        try
        {
            return JToken.Parse(response.Body) is JObject body
                && body["error"] is JValue { Type: JTokenType.String } error
                && string.Equals(error.Value<string>(), ApiErrorCode, StringComparison.Ordinal)
                && body["status_code"] is null or JValue { Type: JTokenType.Integer, Value: 404L };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJson(IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        headers.TryGetValue("Content-Type", out var values)
        && values.FirstOrDefault() is { } value
        && MediaTypeHeaderValue.TryParse(value, out var type)
        && string.Equals(type.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);
}
