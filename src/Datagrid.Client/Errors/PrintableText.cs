using System.Globalization;
using System.Text;

namespace Datagrid;

/// <summary>
/// Makes server-sent text safe to put in an exception message: no raw control or invisible characters (they would
/// garble a terminal or a log line), and no screenful of binary when a body was not text at all.
/// </summary>
internal static class PrintableText
{
    /// <summary>Shown instead of a body that is mostly not text.</summary>
    public static string BinaryPlaceholder(int length) => "[" + length.ToString(CultureInfo.InvariantCulture) + " characters of binary data, not shown]";

    /// <summary>True when the text looks like binary: a NUL, or more than a tenth undecodable or control characters.</summary>
    public static bool LooksBinary(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }

        var odd = text.Count(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t')));
        return odd * 10 > text.Length;
    }

    /// <summary>Whitespace runs become one space; other control, format and separator characters become <c>\uXXXX</c>.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
