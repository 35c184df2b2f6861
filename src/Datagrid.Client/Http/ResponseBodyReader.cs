using System.Text;

namespace Datagrid.Http;

/// <summary>Reads an error body for an exception: bounded in size, and never throws for a broken body.</summary>
internal static class ResponseBodyReader
{
    /// <summary>Error bodies are small; a larger one is cut so a misbehaving server cannot exhaust memory.</summary>
    public const int MaxChars = 64 * 1024;

    public static async Task<string?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[MaxChars];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            return new string(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or DecoderFallbackException)
        {
            // The connection broke mid-body: the status still tells the caller what happened.
            return null;
        }
    }
}
