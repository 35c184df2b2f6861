namespace Datagrid.Cli.Ids;

/// <summary>
/// Refuses ids that would change the request URL instead of naming a memory: dot segments ("." and "..") are
/// folded by URL resolution (DELETE /v1/user-memories/.. would go to /v1/), and a slash adds a path segment.
/// </summary>
internal static class IdValidator
{
    /// <summary>Longest id accepted; longer ones are almost certainly a pasted line of something else.</summary>
    public const int MaxLength = 512;

    /// <summary>Returns why <paramref name="id"/> is unusable, or null when it is fine.</summary>
    public static string? Problem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            return "is empty";
        }

        if (id is "." or "..")
        {
            return "is a dot segment: the URL would point at another path";
        }

        if (id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal))
        {
            return "contains a slash: the URL would point at another path";
        }

        if (id.Any(char.IsControl))
        {
            return "contains control characters";
        }

        if (id.Any(char.IsWhiteSpace))
        {
            return "contains whitespace";
        }

        return id.Length > MaxLength ? $"is longer than {MaxLength} characters" : null;
    }
}
