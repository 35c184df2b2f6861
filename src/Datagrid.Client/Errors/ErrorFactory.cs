using System.Net;
using Datagrid.Http;

namespace Datagrid;

/// <summary>Turns an error response into the typed exception a caller catches by meaning.</summary>
internal static class ErrorFactory
{
    private const int MessageBodyLength = 300;

    public static DatagridApiException Create(
        HttpResponseMessage response,
        ErrorBody parsed,
        int attempts,
        ClientSettings settings)
    {
        var body = parsed.Text;
        var status = (int)response.StatusCode;
        var headers = Headers(response);
        var rateLimit = RateLimitHeaders.Parse(headers, settings.TimeProvider.GetUtcNow());
        var message = Describe(response, parsed, attempts, rateLimit, settings.ApiKey);
        var details = new DatagridErrorResponse(status, headers, body, attempts, rateLimit) { Parsed = parsed };
        return status switch
        {
            401 => new DatagridAuthenticationException(message, details),
            403 => new DatagridPermissionDeniedException(message, details),
            404 => new DatagridNotFoundException(message, details),
            409 => new DatagridConflictException(message, details),
            422 => new DatagridUnprocessableEntityException(message, details),
            429 => new DatagridRateLimitException(message, details),
            >= 500 => new DatagridServerException(message, details),
            _ => new DatagridApiException(message, details),
        };
    }

    public static IReadOnlyDictionary<string, IEnumerable<string>> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers)
        {
            headers[name] = values.ToArray();
        }

        foreach (var (name, values) in response.Content.Headers)
        {
            headers[name] = values.ToArray();
        }

        return headers;
    }

    /// <summary>Removes the API key from any text that goes into a message, in case a server echoes it.</summary>
    public static string Redact(string text, string apiKey) =>
        apiKey.Length == 0 ? text : text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);

    private static string Describe(HttpResponseMessage response, ErrorBody body, int attempts, RateLimitInfo? rateLimit, string apiKey)
    {
        var status = (int)response.StatusCode;
        var request = response.RequestMessage;
        var target = request is null ? "the request" : $"{request.Method} {request.RequestUri?.AbsolutePath}";
        var said = ServerMessage(body);
        var text = $"Datagrid answered {status} {ReasonPhrase(response)} to {target}";
        if (!string.IsNullOrEmpty(said))
        {
            text += $": {said}";
        }

        text += attempts > 1 ? $" (after {attempts} attempts)." : ".";
        text += " " + Advice(status, rateLimit);
        return Redact(text, apiKey).Trim();
    }

    private static string Advice(int status, RateLimitInfo? rateLimit) => status switch
    {
        401 => $"Check the API key ({EnvironmentVariables.ApiKey} or DatagridClientOptions.ApiKey).",
        403 => "The key is valid but may not do this; check the teamspace and the key's permissions.",
        404 => "Nothing exists at that id (already deleted, or another teamspace).",
        429 when rateLimit?.RetryAfter is { } wait => $"The rate limit is used up; the server asked to wait {wait.TotalSeconds:0.###} s.",
        429 => "The rate limit is used up; wait and retry.",
        >= 500 => "The server failed; retry later.",
        _ => string.Empty,
    };

    private static string ReasonPhrase(HttpResponseMessage response) =>
        response.ReasonPhrase is { Length: > 0 } phrase ? phrase : ((HttpStatusCode)response.StatusCode).ToString();

    /// <summary>The JSON body's "message" when there is one, else the start of the raw body.</summary>
    private static string? ServerMessage(ErrorBody parsed)
    {
        var body = parsed.Text;
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        if (parsed.Message is { } message)
        {
            return message;
        }

        // Not JSON (an HTML error page, a truncated body): show its start instead.
        var flat = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= MessageBodyLength ? flat : flat[..MessageBodyLength] + "...";
    }
}
