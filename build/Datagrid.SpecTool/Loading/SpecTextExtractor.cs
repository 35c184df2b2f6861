using System.Text.RegularExpressions;

namespace Datagrid.SpecTool.Loading;

/// <summary>
/// Finds the OpenAPI text in a source: the first fenced yaml/yml/json block of a documentation page
/// (three or more backticks or tildes, any header after the language, as on the Datagrid docs pages),
/// or the whole text when there is no fence.
/// </summary>
internal static partial class SpecTextExtractor
{
    public static ExtractedSpec Extract(SourceText source)
    {
        var lines = source.Text.ReplaceLineEndings("\n").Split('\n');
        var sawFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            sawFence = true;
            var fence = open.Groups["fence"].Value;
            var end = Array.FindIndex(lines, i + 1, l => IsClosingFence(l, fence));
            if (end < 0)
            {
                throw new SpecInputException($"{source.Name}: the fenced block opened on line {i + 1} is never closed.");
            }

            var language = open.Groups["lang"].Value.ToLowerInvariant();
            var body = string.Join('\n', lines[(i + 1)..end]) + "\n";
            if (language is "yaml" or "yml" or "json" && LooksLikeOpenApi(body))
            {
                return new ExtractedSpec(body, language == "json" ? SpecFormat.Json : SpecFormat.Yaml, FromPage: true);
            }

            i = end;
        }

        var text = source.Text.TrimStart('\uFEFF');
        var isJson = text.TrimStart().StartsWith('{');
        if (!isJson && !TopLevelOpenApiKey().IsMatch(text) && (sawFence || LooksLikeMarkdownPage(text)))
        {
            throw new SpecInputException(
                $"{source.Name}: no OpenAPI spec found in the page. Expected a fenced ```yaml (or ```json) block whose text starts the document with 'openapi: 3.x'.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SpecInputException($"{source.Name} is empty.");
        }

        return new ExtractedSpec(text, isJson ? SpecFormat.Json : SpecFormat.Yaml, FromPage: false);
    }

    private static bool IsClosingFence(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    private static bool LooksLikeOpenApi(string body) => OpenApiKey().IsMatch(body);

    // A page with headings or quoted lines but no fence: parsing it as YAML would give a confusing error.
    private static bool LooksLikeMarkdownPage(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Any(l => l.StartsWith("# ", StringComparison.Ordinal) || l.StartsWith("> ", StringComparison.Ordinal) || l.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || l.StartsWith("<html", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^\s{0,3}(?<fence>`{3,}|~{3,})\s*(?<lang>[A-Za-z]*)\b.*$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"(^|\n)\s*""?(openapi|swagger)""?\s*:")]
    private static partial Regex OpenApiKey();

    // Raw YAML documents may start with '# comment' lines; a top-level openapi key marks them as specs, not pages.
    [GeneratedRegex(@"(^|\n)(openapi|swagger)\s*:")]
    private static partial Regex TopLevelOpenApiKey();
}
