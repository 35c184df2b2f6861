using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Datagrid.Http;

/// <summary>
/// An error response's body, read once (bounded in size, under the attempt's timeout) and parsed once: the retry
/// decision reads <see cref="Retryable"/>, the error factory <see cref="Message"/>, the 429 exception
/// <see cref="Fields"/>. Nobody parses the text again.
/// </summary>
internal sealed class ErrorBody
{
    /// <summary>Bytes kept of an error body (and of a 2xx body the operation does not declare); the rest is dropped.</summary>
    public const int MaxBytes = ResponseBodyReader.MaxChars;

    private ErrorBody(string? text, bool truncated)
    {
        Text = text;
        Truncated = truncated;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                Fields = JToken.Parse(text) as JObject;
            }
            catch (JsonException)
            {
                // Not JSON (an HTML page, a cut body): the text alone is reported.
            }
        }

        Retryable = Fields?["retryable"] is JValue { Type: JTokenType.Boolean } flag ? flag.Value<bool>() : null;
        Message = Fields?["message"] is JValue { Type: JTokenType.String } message ? message.Value<string>() : null;
    }

    /// <summary>The body as text (at most <see cref="MaxBytes"/> bytes of it); null when it could not be read.</summary>
    public string? Text { get; }

    /// <summary>The body was longer than <see cref="MaxBytes"/> and was cut.</summary>
    public bool Truncated { get; }

    /// <summary>The body as a JSON object, when it is one.</summary>
    public JObject? Fields { get; }

    /// <summary>The body's <c>retryable</c> flag, when present.</summary>
    public bool? Retryable { get; }

    /// <summary>The body's <c>message</c>, when present.</summary>
    public string? Message { get; }

    public static ErrorBody FromText(string? text, bool truncated = false) => new(text, truncated);

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> of the body under <paramref name="cancellationToken"/> (the attempt's
    /// timeout included) and puts the bytes read back as the response's content, so later readers neither wait nor
    /// break. A body that breaks off keeps what arrived (null text when nothing did); a stall ends in the caller's timeout handling.
    /// </summary>
    public static async Task<ErrorBody> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (bytes, truncated, broken) = await ReadCappedAsync(response, cancellationToken).ConfigureAwait(false);
        return new ErrorBody(broken && bytes.Length == 0 ? null : Decode(bytes), truncated);
    }

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> of the body and replaces the content with them (headers kept): the
    /// generated code then reads a bounded, already-buffered body.
    /// </summary>
    public static async Task<(byte[] Bytes, bool Truncated, bool Broken)> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        var buffer = new byte[Math.Min(MaxBytes + 1, (int)Math.Min(original.Headers.ContentLength ?? 4096, MaxBytes) + 1)];
        var read = 0;
        var broken = false;
        try
        {
            var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#if NET
            await using (stream.ConfigureAwait(false))
#else
            using (stream)
#endif
            {
                while (read <= MaxBytes)
                {
                    if (read == buffer.Length)
                    {
                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBytes + 1));
                    }

                    var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Broken off (IOException, HttpRequestException), undecodable (a decompressing handler's InvalidDataException
            // or ArgumentException), or already consumed (InvalidOperationException): the status still says what
            // happened, so keep what arrived and never throw anything of our own.
            broken = true;
        }

        var truncated = read > MaxBytes;
        var kept = buffer.AsSpan(0, Math.Min(read, MaxBytes)).ToArray();
        var replacement = new ByteArrayContent(kept);
        foreach (var (name, values) in original.Headers.NonValidated)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                replacement.Headers.TryAddWithoutValidation(name, values);
            }
        }

        replacement.Headers.ContentLength = kept.Length;
        response.Content = replacement;
        original.Dispose();
        return (kept, truncated, broken);
    }

    private static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var preamble = Encoding.UTF8.Preamble;
        if (span.StartsWith(preamble))
        {
            span = span[preamble.Length..];
        }

        return Encoding.UTF8.GetString(span);
    }
}
