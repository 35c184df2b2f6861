using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using Datagrid.Http;
using Newtonsoft.Json;

namespace Datagrid;

/// <summary>
/// What the generated operations (Templates/Client.Class.liquid) call to serialise arguments and turn a successful
/// response into a result and a <see cref="DatagridResponse"/>. Kept here, not in the template, so that nothing of the
/// generator (serializer settings, response readers) is part of the public surface.
/// </summary>
public abstract partial class DatagridClientBase
{
    /// <summary>Newtonsoft settings of every request and response body (NSwag's defaults).</summary>
    private protected static JsonSerializerSettings JsonSettings { get; } = new();

    /// <summary>When the call started, on the client's clock (<see cref="DatagridClientOptions.TimeProvider"/>).</summary>
    private protected long StartTiming() => _pipeline.Settings.TimeProvider.GetTimestamp();

    /// <summary>Serialises a JSON request body.</summary>
    private protected static StringContent JsonContent(object? body, string mediaType) =>
        new(JsonConvert.SerializeObject(body, JsonSettings), System.Text.Encoding.UTF8, mediaType);

    /// <summary>Reads a success body as <typeparamref name="T"/>; a body that does not match the spec is contract drift.</summary>
    private protected static async Task<T> ReadBodyAsync<T>(HttpResponseMessage response, bool allowNull, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        T? value;
        try
        {
            value = JsonConvert.DeserializeObject<T>(text, JsonSettings);
        }
        catch (JsonException ex)
        {
            throw Undeclared(response, text, $"The {(int)response.StatusCode} response body is not a {typeof(T).Name} as the spec says", ex);
        }

        if (value is null && !allowNull)
        {
            throw Undeclared(response, text, $"The {(int)response.StatusCode} response has no {typeof(T).Name} body although the spec declares one", null);
        }

        return value!;
    }

    /// <summary>The exception for a success status the spec does not declare for the operation (e.g. 200 where 204 is).</summary>
    private protected static async Task<Exception> UndeclaredStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await ResponseBodyReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return Undeclared(response, text, "The response status is not one the spec declares for this operation", null);
    }

    /// <summary>
    /// What a plain method's send returns for an operation without a result: the plain method discards it, so no
    /// details are built (no header copy per call). Never handed to a caller.
    /// </summary>
    private protected static DatagridResponse NoDetails { get; } = new(0, DatagridResponse.NoHeaders, null, TimeSpan.Zero, 0);

    /// <summary>What a plain method's send returns for an operation with a result: the value only, no details built.</summary>
    private protected static DatagridResponse<T> ResultOnly<T>(T value) => new(value);

    /// <summary>The details of a successful call, without a result.</summary>
    private protected DatagridResponse CreateResponse(HttpRequestMessage request, HttpResponseMessage response, long started)
    {
        var (headers, rateLimit, elapsed, attempts) = Describe(request, response, started);
        return new DatagridResponse((int)response.StatusCode, headers, rateLimit, elapsed, attempts);
    }

    /// <summary>The details of a successful call with its result.</summary>
    private protected DatagridResponse<T> CreateResponse<T>(HttpRequestMessage request, HttpResponseMessage response, long started, T value)
    {
        var (headers, rateLimit, elapsed, attempts) = Describe(request, response, started);
        return new DatagridResponse<T>(value, (int)response.StatusCode, headers, rateLimit, elapsed, attempts);
    }

    /// <summary>
    /// Formats a path, query or header argument: enums as their wire value (<see cref="EnumMemberAttribute"/>),
    /// booleans in lower case, everything else invariant.
    /// </summary>
    private protected static string ConvertToString(object? value, CultureInfo culture)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case Enum member:
                var name = Enum.GetName(member.GetType(), member);
                var wire = name is null ? null : member.GetType().GetField(name)?.GetCustomAttribute<EnumMemberAttribute>()?.Value;
                return wire ?? name ?? Convert.ToString(Convert.ChangeType(member, Enum.GetUnderlyingType(member.GetType()), culture), culture) ?? string.Empty;
            case bool flag:
                return flag ? "true" : "false";
            case byte[] bytes:
                return Convert.ToBase64String(bytes);
            case System.Collections.IEnumerable items and not string:
                return string.Join(",", items.Cast<object?>().Select(item => ConvertToString(item, culture)));
            default:
                return Convert.ToString(value, culture) ?? string.Empty;
        }
    }

    private (IReadOnlyDictionary<string, IEnumerable<string>> Headers, RateLimitInfo? RateLimit, TimeSpan Elapsed, int Attempts) Describe(HttpRequestMessage request, HttpResponseMessage response, long started)
    {
        var clock = _pipeline.Settings.TimeProvider;
        var headers = ErrorFactory.Headers(response);

        // The pipeline counts attempts on the call it shares between the request and its attempt copies.
        var call = DatagridCall.Of(request) ?? DatagridCall.Of(response.RequestMessage);
        var attempts = call?.Attempts is { } counted and > 0 ? counted
            : response.RequestMessage is { } sent && DatagridPipeline.AttemptsKey.TryGet(sent, out var n) ? n : 1;

        // The pipeline already parsed the rate-limit headers of this response (its call record); parse only without one.
        var rateLimit = call is not null ? call.RateLimit : RateLimitHeaders.Parse(response, clock);
        return (headers, rateLimit, clock.GetElapsedTime(started), attempts);
    }

    private static UnexpectedResponseException Undeclared(HttpResponseMessage response, string? body, string message, Exception? innerException) =>
        new(message, (int)response.StatusCode, body, ErrorFactory.Headers(response), innerException);
}
