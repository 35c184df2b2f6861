namespace Datagrid.Http.Policies;

/// <summary>
/// What a retry needs to send the request again: the body's bytes, read once before the first attempt (a stream
/// body could not be read twice). Headers, options and version are copied from the caller's request when a retry
/// happens, so the first attempt costs no copy at all.
/// </summary>
internal sealed class RequestSnapshot
{
    private static readonly RequestSnapshot NoBody = new(null);

    private readonly byte[]? _content;

    private RequestSnapshot(byte[]? content) => _content = content;

    public static async ValueTask<RequestSnapshot> TakeAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Content is null
            ? NoBody
            : new RequestSnapshot(await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>A fresh request equal to <paramref name="original"/> as it was first sent.</summary>
    public HttpRequestMessage Copy(HttpRequestMessage original)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri)
        {
            Version = original.Version,
#if NET
            VersionPolicy = original.VersionPolicy,
#endif
        };
        foreach (var (name, values) in original.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (_content is not null)
        {
            copy.Content = new ByteArrayContent(_content);
            foreach (var (name, values) in original.Content!.Headers.NonValidated)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

#if NET
        IDictionary<string, object?> options = copy.Options;
        foreach (var (key, value) in original.Options)
#else
        var options = copy.Properties;
        foreach (var (key, value) in original.Properties)
#endif
        {
            options[key] = value;
        }

        return copy;
    }
}
