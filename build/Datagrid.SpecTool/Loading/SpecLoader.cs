using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace Datagrid.SpecTool.Loading;

/// <summary>
/// Parses spec text with Microsoft.OpenApi. Strict mode refuses anything that is not a usable OpenAPI 3.x document:
/// parse errors, diagnostic errors, another spec version, and references that point nowhere (NSwag would fail on
/// them later, far from the cause). Lenient mode refuses only what is not an OpenAPI 3.x document at all and
/// returns the rest of those errors as <see cref="LoadedSpec.Problems"/>.
/// </summary>
internal static partial class SpecLoader
{
    public static async Task<LoadedSpec> LoadAsync(SourceReader reader, string source, CancellationToken cancellationToken, LoadMode mode = LoadMode.Strict)
    {
        var text = await reader.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        return Load(text, mode);
    }

    public static LoadedSpec Load(SourceText source, LoadMode mode = LoadMode.Strict)
    {
        var extracted = SpecTextExtractor.Extract(source);
        ReadResult result;
        try
        {
            var settings = new OpenApiReaderSettings();
            settings.AddYamlReader();
            result = mode == LoadMode.Lenient && RawTree.TryParse(extracted) is { } tree
                ? OpenApiYamlReader.Read(RawTree.KeepDroppedKeywords(tree), new Uri("file:///spec"), settings)
                : OpenApiDocument.Parse(extracted.Text, extracted.Format == SpecFormat.Json ? "json" : "yaml", settings);
        }
        catch (Exception e) when (e is OpenApiException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new SpecInputException($"{source.Name} is not an OpenAPI document: {e.Message}", e);
        }

        var errors = result.Diagnostic?.Errors ?? [];
        var version = result.Diagnostic?.SpecificationVersion;
        if (mode == LoadMode.Lenient && result.Document is not null && HasOpenApi3Key(extracted) && version is OpenApiSpecVersion.OpenApi3_0 or OpenApiSpecVersion.OpenApi3_1 or OpenApiSpecVersion.OpenApi3_2)
        {
            var problems = errors.Select(Describe)
                .Concat((result.Diagnostic?.Warnings ?? []).Where(w => w.Message.Contains("reference", StringComparison.OrdinalIgnoreCase)).Select(Describe))
                .Concat(UndefinedSecuritySchemes(result.Document))
                .ToList();
            return new LoadedSpec(source.Name, result.Document, version.Value, extracted, (result.Diagnostic?.Warnings ?? []).Select(Describe).ToList()) { Problems = problems };
        }

        if (result.Document is null || errors.Count > 0)
        {
            var detail = errors.Count > 0 ? string.Join("\n  ", errors.Select(Describe)) : "the parser returned no document";
            throw new SpecInputException($"{source.Name} is not a valid OpenAPI 3.x document:\n  {detail}\nFix the spec (or the page it came from) and run again.");
        }

        if (version is not (OpenApiSpecVersion.OpenApi3_0 or OpenApiSpecVersion.OpenApi3_1 or OpenApiSpecVersion.OpenApi3_2))
        {
            throw new SpecInputException($"{source.Name} is {version} ('swagger: 2.0'); this tool and NSwag's settings here expect OpenAPI 3.x. Convert it first.");
        }

        var warnings = result.Diagnostic?.Warnings ?? [];
        var brokenReferences = warnings.Where(w => w.Message.Contains("reference", StringComparison.OrdinalIgnoreCase)).Select(Describe)
            .Concat(UndefinedSecuritySchemes(result.Document))
            .ToList();
        if (brokenReferences.Count > 0)
        {
            throw new SpecInputException($"{source.Name} has references that point nowhere:\n  {string.Join("\n  ", brokenReferences)}\nFix the spec and run again.");
        }

        return new LoadedSpec(source.Name, result.Document, version.Value, extracted, warnings.Select(Describe).ToList());
    }

    // The reader guesses a version even for YAML that is no OpenAPI document at all; the top-level key decides.
    private static bool HasOpenApi3Key(ExtractedSpec spec) => OpenApi3Key().IsMatch(spec.Text);

    [System.Text.RegularExpressions.GeneratedRegex(@"(^|\n)\s*""?openapi""?\s*:\s*[""']?3\.")]
    private static partial System.Text.RegularExpressions.Regex OpenApi3Key();

    private static string Describe(OpenApiError error) => string.IsNullOrEmpty(error.Pointer) ? error.Message : $"{error.Pointer}: {error.Message}";

    // Security requirements name schemes by reference; the reader does not flag unknown names.
    private static IEnumerable<string> UndefinedSecuritySchemes(OpenApiDocument document)
    {
        var defined = document.Components?.SecuritySchemes?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        var requirements = (document.Security ?? []).Select(r => ("#/security", r));
        foreach (var (path, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                requirements = requirements.Concat((operation.Security ?? []).Select(r => ($"{method.Method} {path}", r)));
            }
        }

        foreach (var (where, requirement) in requirements)
        {
            foreach (var scheme in requirement.Keys)
            {
                var id = scheme.Reference?.Id;
                if (id is not null && !defined.Contains(id))
                {
                    yield return $"{where}: security scheme '{id}' is not defined under components.securitySchemes";
                }
            }
        }
    }
}
