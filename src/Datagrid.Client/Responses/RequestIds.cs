namespace Datagrid;

/// <summary>Where servers put the request id a support ticket needs.</summary>
internal static class RequestIds
{
    private static readonly string[] HeaderNames = ["X-Request-Id", "Request-Id", "X-Datagrid-Request-Id"];

    /// <summary>The first non-empty request id header; <paramref name="headers"/> must compare names case-insensitively.</summary>
    public static string? Find(IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        HeaderNames
            .Select(name => headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null)
            .FirstOrDefault(value => !string.IsNullOrEmpty(value));
}
