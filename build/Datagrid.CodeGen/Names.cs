using System.Text;

namespace Datagrid.CodeGen;

/// <summary>.NET naming for names that come from the spec in snake_case, kebab-case or dotted form.</summary>
public static class Names
{
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var word in Words(name))
        {
            builder.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return builder.ToString();
    }

    public static string ToCamelCase(string name)
    {
        var pascal = ToPascalCase(name);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    private static IEnumerable<string> Words(string name) =>
        name.Split(static c => !char.IsLetterOrDigit(c)).Where(static w => w.Length > 0);

    private static string[] Split(this string value, Func<char, bool> isSeparator)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || isSeparator(value[i]))
            {
                words.Add(value[start..i]);
                start = i + 1;
            }
        }

        return [.. words];
    }
}
