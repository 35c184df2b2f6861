using System.Text.RegularExpressions;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Path templates compared by shape: <c>/a/{id}</c> and <c>/a/{user_id}</c> are the same URL, so a renamed
/// path parameter shows up as a parameter rename instead of a removed path plus an added one.
/// </summary>
internal static partial class PathTemplate
{
    public static string Normalize(string path) => Placeholder().Replace(path, "{}");

    public static IReadOnlyList<string> ParameterNames(string path) => Placeholder().Matches(path).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Placeholder();
}
