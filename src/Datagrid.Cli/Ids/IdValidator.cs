using System.Globalization;

namespace Datagrid.Cli.Ids;

/// <summary>
/// Refuses ids that would change the request URL instead of naming a memory (dot segments, slashes), and ids that are
/// not what the user can see: an invisible character (a zero-width space, a BOM, a direction mark) makes another id,
/// whose 404 would be counted as "already absent" while the memory the user meant remains.
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

        for (var i = 0; i < id.Length; i++)
        {
            var category = char.GetUnicodeCategory(id[i]);
            var at = i == 0 ? "starts with" : i == id.Length - 1 ? "ends with" : "contains";
            switch (category)
            {
                case UnicodeCategory.Control:
                    return $"{at} a control character ({CodePoint(id[i])})";
                case UnicodeCategory.Format:
                    return $"{at} an invisible formatting character ({CodePoint(id[i])}{Name(id[i])}), which makes it another id than the one shown";
                case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return $"{at} a line or paragraph separator ({CodePoint(id[i])})";
                case UnicodeCategory.SpaceSeparator when i == 0 || i == id.Length - 1:
                    return $"{at} a space character ({CodePoint(id[i])}), which would be part of the id";
            }
        }

        if (id.Any(char.IsWhiteSpace))
        {
            return "contains whitespace";
        }

        return id.Length > MaxLength ? $"is longer than {MaxLength} characters" : null;
    }

    private static string CodePoint(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    private static string Name(char c) => c switch
    {
        '\u200B' => ", zero-width space",
        '\u200C' => ", zero-width non-joiner",
        '\u200D' => ", zero-width joiner",
        '\u2060' => ", word joiner",
        '\uFEFF' => ", byte order mark",
        '\u200E' or '\u200F' => ", direction mark",
        '\u00AD' => ", soft hyphen",
        _ => string.Empty,
    };
}
