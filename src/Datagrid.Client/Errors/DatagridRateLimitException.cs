using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Datagrid;

/// <summary>
/// 429 Too Many Requests: the teamspace's rate limit for this path and method is used up. Carries the parsed
/// <c>RateLimitError</c> body when it parsed, each field the body did carry, and the server's requested wait.
/// A body that is empty, HTML, truncated or missing fields still gives this exception, with <see cref="DatagridApiException.ResponseBody"/>.
/// </summary>
public class DatagridRateLimitException : DatagridApiException
{
    /// <summary>Creates the exception and parses the body it can.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="response">What the server sent.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public DatagridRateLimitException(string message, DatagridErrorResponse response, Exception? innerException = null)
        : base(message, response, innerException)
    {
        var fields = response.Parsed.Fields;
        Body = fields is null ? null : ParseBody(fields);
        ErrorCode = Text(fields, "error");
        ServerMessage = Text(fields, "message");
        Mitigation = Text(fields, "mitigation");
        Reason = Text(fields?["details"] as JObject, "reason");
        Retryable = fields?["retryable"]?.Type == JTokenType.Boolean ? fields["retryable"]!.Value<bool>() : null;
    }

    /// <summary>The body as the spec's <see cref="RateLimitError"/>, or null when it did not match the schema.</summary>
    public RateLimitError? Body { get; }

    /// <summary>The body's <c>error</c> code (<c>rate_limit_exceeded</c>), if present.</summary>
    public string? ErrorCode { get; }

    /// <summary>The body's human-readable <c>message</c>, if present.</summary>
    public string? ServerMessage { get; }

    /// <summary>The body's suggested <c>mitigation</c>, if present.</summary>
    public string? Mitigation { get; }

    /// <summary>The body's <c>retryable</c> flag; null when absent. The client does not retry when it is false.</summary>
    public bool? Retryable { get; }

    /// <summary>The body's <c>details.reason</c>, if present.</summary>
    public string? Reason { get; }

    /// <summary>How long the server asked to wait (<c>retry-after-ms</c> or <c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter => RateLimit?.RetryAfter;

    private static RateLimitError? ParseBody(JObject fields)
    {
        try
        {
            return fields.ToObject<RateLimitError>();
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(JObject? fields, string name) =>
        fields?[name] is JValue { Type: JTokenType.String } value ? value.Value<string>() : null;
}
