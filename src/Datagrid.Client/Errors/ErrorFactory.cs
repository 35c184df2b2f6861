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
        var status = (int)response.StatusCode;

        // Redact first, on the whole body and every header, so no field, message or ToString() can carry the key,
        // whatever is cut or parsed from them later.
        var headers = SecretRedactor.Redact(Headers(response), settings.ApiKey);
        // The body was parsed once by the pipeline; it is parsed again only in the rare case that it echoed the key.
        var body = SecretRedactor.RedactOrNull(parsed.Text, settings.ApiKey);
        if (!ReferenceEquals(body, parsed.Text) && body != parsed.Text)
        {
            parsed = ErrorBody.FromText(body, parsed.Truncated);
        }

        var rateLimit = RateLimitHeaders.Parse(headers, settings.TimeProvider.GetUtcNow());
        var details = new DatagridErrorResponse(status, headers, body, attempts, rateLimit) { Parsed = parsed };
        var location = status is >= 300 and < 400 ? LocationOf(response) : null;
        var message = Describe(response, details, location, settings.ApiKey);
        return status switch
        {
            >= 300 and < 400 => new DatagridRedirectException(message, details) { Location = location },
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

    /// <summary>
    /// The error for a response that did not come from under the base URL: an injected <see cref="HttpClient"/>
    /// followed a redirect. Whatever it says (even 204) is not the API's answer to this request.
    /// </summary>
    public static DatagridRedirectException Redirected(HttpResponseMessage response, Uri finalUri, int attempts, ClientSettings settings)
    {
        var headers = SecretRedactor.Redact(Headers(response), settings.ApiKey);
        var details = new DatagridErrorResponse((int)response.StatusCode, headers, body: null, attempts, RateLimitHeaders.Parse(headers, settings.TimeProvider.GetUtcNow()));
        var shown = Shorten(PrintableText.Escape(SecretRedactor.Redact(finalUri.AbsoluteUri, settings.ApiKey)));
        var message =
            $"The request was redirected to {shown}, outside the base URL {settings.BaseUrl}, and its answer ({(int)response.StatusCode}) is not trusted: " +
            "the HttpClient passed to the client follows redirects, so the request (with its teamspace and custom headers) went elsewhere. " +
            "Create that HttpClient over a handler with AllowAutoRedirect = false, and set BaseUrl to the right address.";
        return new DatagridRedirectException(message, details) { Location = finalUri };
    }

    private static Uri? LocationOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        if (location is null || location.IsAbsoluteUri || response.RequestMessage?.RequestUri is not { } requested)
        {
            return location;
        }

        return Uri.TryCreate(requested, location, out var absolute) ? absolute : location;
    }

    private static string Describe(HttpResponseMessage response, DatagridErrorResponse details, Uri? location, string apiKey)
    {
        var status = details.StatusCode;
        var request = response.RequestMessage;
        var target = request is null ? "the request" : $"{request.Method} {request.RequestUri?.AbsolutePath}";
        var said = ServerMessage(details.Parsed);
        var text = $"Datagrid answered {status} {ReasonPhrase(response)} to {target}";
        if (!string.IsNullOrEmpty(said))
        {
            // A server sentence usually ends with its own period; one is enough.
            text += $": {said.TrimEnd().TrimEnd('.')}";
        }

        text += details.Attempts > 1 ? $" (after {details.Attempts} attempts)." : ".";
        text += " " + Advice(details, location, apiKey);
        return PrintableText.Escape(SecretRedactor.Redact(text, apiKey)).Trim();
    }

    private static string Advice(DatagridErrorResponse details, Uri? location, string apiKey) => details.StatusCode switch
    {
        >= 300 and < 400 =>
            $"It points to {(location is null ? "no Location" : Shorten(SecretRedactor.Redact(location.OriginalString, apiKey)))}. " +
            "The client does not follow redirects: the request carries the API key, the teamspace and custom headers, and a DELETE re-sent elsewhere " +
            "could be reported as done when it was not. If the new address is the API, set BaseUrl (DATAGRID_BASE_URL, --base-url) to it.",
        401 => $"Check the API key ({EnvironmentVariables.ApiKey} or DatagridClientOptions.ApiKey).",
        403 => "The key is valid but may not do this; check the teamspace and the key's permissions.",
        404 when DatagridNotFoundException.IsApiAnswer(details) => "Nothing exists at that id (already deleted, or another teamspace).",
        404 => "This is not the API's not-found answer (no JSON body with \"error\": \"not_found\"), so it proves nothing about the resource: " +
            "the URL probably does not reach the Datagrid API. Check BaseUrl (it ends in /v1, e.g. " + DatagridClientOptions.DefaultBaseUrl + ").",
        429 when details.RateLimit?.RetryAfter is { } wait => $"The rate limit is used up; the server asked to wait {wait.TotalSeconds:0.###} s.",
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
        return PrintableText.LooksBinary(body) ? PrintableText.BinaryPlaceholder(body.Length) : Shorten(PrintableText.Escape(body));
    }

    private static string Shorten(string text) => text.Length <= MessageBodyLength ? text : text[..MessageBodyLength] + "...";
}
