using System.Text;

namespace Datagrid.Http;

/// <summary>
/// Reads an error body for an exception: at most <see cref="MaxChars"/> characters whatever the body's length or
/// framing, and never an exception of its own. A body that breaks off, fails to decompress or was already consumed
/// yields what could be read (or null), so the caller still gets the typed exception for the status.
/// </summary>
internal static class ResponseBodyReader
{
    /// <summary>Error bodies are small; a larger one is cut so a misbehaving server cannot exhaust memory.</summary>
    public const int MaxChars = 64 * 1024;

    /// <summary>
    /// Reads the body as <see cref="ReadAsync"/> does and puts what was read back as the response's content, so it can
    /// be read again (the retry decision peeks at a 429 body, the error mapping reads it after).
    /// </summary>
    public static async Task<string?> BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        var body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var buffered = new StringContent(body ?? string.Empty, new UTF8Encoding(false));
        buffered.Headers.Clear();
        foreach (var (name, values) in original.Headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(name, values);
            }
        }

        response.Content = buffered;
        original.Dispose();
        return body;
    }

    public static async Task<string?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new char[MaxChars];
        var read = 0;
        var broken = false;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

            // Invalid bytes become U+FFFD instead of throwing; the message layer hides binary bodies.
            using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
            int n;
            while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // Broken off (IOException, HttpRequestException), undecodable (a decompressing handler's
            // InvalidDataException or ArgumentException), or already consumed by an earlier failed buffering
            // (InvalidOperationException): the status still says what happened; keep what arrived.
            broken = true;
        }

        return broken && read == 0 ? null : new string(buffer, 0, read);
    }
}
