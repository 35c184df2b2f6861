namespace Datagrid;

/// <summary>
/// Keeps the API key out of everything an exception carries. Redaction runs on the full text before anything is cut,
/// and a text that ends with the start of the key (a body cut at the read cap) loses that start too.
/// </summary>
internal static class SecretRedactor
{
    public const string Replacement = "[redacted]";

    /// <summary>Shortest key prefix treated as the key when a text was cut in the middle of it.</summary>
    private const int MinPartialLength = 4;

    public static string Redact(string text, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(apiKey) || text.Length == 0)
        {
            return text;
        }

        var redacted = text.Replace(apiKey, Replacement, StringComparison.Ordinal);
        for (var length = Math.Min(apiKey.Length - 1, redacted.Length); length >= MinPartialLength; length--)
        {
            if (redacted.EndsWith(apiKey.AsSpan(0, length), StringComparison.Ordinal))
            {
                return redacted[..^length] + Replacement;
            }
        }

        return redacted;
    }

    public static string? RedactOrNull(string? text, string apiKey) => text is null ? null : Redact(text, apiKey);

    public static IReadOnlyDictionary<string, IEnumerable<string>> Redact(IReadOnlyDictionary<string, IEnumerable<string>> headers, string apiKey)
    {
        var copy = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            copy[name] = values.Select(value => Redact(value, apiKey)).ToArray();
        }

        return copy;
    }
}
