namespace Datagrid.Http;

/// <summary>
/// Reads an error body as text for a response that did not come through the pipeline's attempt step (which reads
/// and parses it once as <see cref="ErrorBody"/>): at most <see cref="MaxChars"/> bytes whatever the body's length or
/// framing, and never an exception of its own. A body that breaks off, fails to decompress or was already consumed
/// yields what could be read (or null), so the caller still gets the typed exception for the status.
/// </summary>
internal static class ResponseBodyReader
{
    /// <summary>Error bodies are small; a larger one is cut so a misbehaving server cannot exhaust memory.</summary>
    public const int MaxChars = 64 * 1024;

    public static async Task<string?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await ErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false)).Text;
}
