using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Datagrid.Client.Tests;

/// <summary>Canned HTTP responses and a script that hands them out in order, recording each request.</summary>
internal sealed class ResponseScript
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new();

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    /// <summary>Each request's body and content type, read when it arrived (refused attempts are disposed later).</summary>
    public ConcurrentQueue<(string? Body, string? ContentType)> Bodies { get; } = new();

    public int Count => Requests.Count;

    public ResponseScript Then(Func<HttpResponseMessage> response)
    {
        _steps.Enqueue(_ => response());
        return this;
    }

    public ResponseScript ThenThrow(Exception exception)
    {
        _steps.Enqueue(_ => throw exception);
        return this;
    }

    public HttpResponseMessage Next(HttpRequestMessage request)
    {
        Bodies.Enqueue((request.Content?.ReadAsStringAsync().GetAwaiter().GetResult(), request.Content?.Headers.ContentType?.MediaType));
        Requests.Enqueue(request);
        if (!_steps.TryDequeue(out var step))
        {
            throw new AssertionException($"Unexpected request #{Requests.Count}: {request.Method} {request.RequestUri}");
        }

        return step(request);
    }
}

internal static class Responses
{
    public const string RateLimitBody =
        """{"status_code":429,"error":"rate_limit_exceeded","message":"Slow down.","mitigation":"Wait.","retryable":true,"details":{"reason":"window full"}}""";

    public const string NotRetryableBody =
        """{"status_code":429,"error":"rate_limit_exceeded","message":"Daily quota used up.","mitigation":"Try tomorrow.","retryable":false,"details":{"reason":"quota"}}""";

    public static HttpResponseMessage NoContent(int? limit = null, int? remaining = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.NoContent);
        if (limit is not null)
        {
            response.Headers.TryAddWithoutValidation("X-RateLimit-Limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (remaining is not null)
        {
            response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", remaining.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    public static HttpResponseMessage Status(int status, string? body = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body ?? """{"message":"error"}""", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage TooMany(params (string Name, string Value)[] headers) => Status(429, RateLimitBody, headers);
}
