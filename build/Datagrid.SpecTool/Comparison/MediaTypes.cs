using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Media type matching and the schema comparison of one media type. Parameters (<c>; charset=utf-8</c>) do not change
/// what a media type is; a structured-syntax suffix makes a type more specific (<c>application/problem+json</c> is an
/// <c>application/json</c>). XML bodies do not become generated types: they pass through as text or stream.
/// </summary>
internal static class MediaTypes
{
    public static KeyValuePair<string, IOpenApiMediaType>? FindSame(string mediaType, IDictionary<string, IOpenApiMediaType> candidates)
    {
        if (candidates.TryGetValue(mediaType, out var exact))
        {
            return new(mediaType, exact);
        }

        var essence = Essence(mediaType);
        foreach (var candidate in candidates)
        {
            if (Essence(candidate.Key) == essence)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A media type in <paramref name="candidates"/> that is a more specific form of <paramref name="mediaType"/>.</summary>
    public static KeyValuePair<string, IOpenApiMediaType>? FindSpecialization(string mediaType, IDictionary<string, IOpenApiMediaType> candidates)
    {
        var essence = Essence(mediaType);
        var slash = essence.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var (type, subtype) = (essence[..slash], essence[(slash + 1)..]);
        foreach (var candidate in candidates)
        {
            var other = Essence(candidate.Key);
            if (other.StartsWith(type + "/", StringComparison.Ordinal) && (subtype == "*" || other.EndsWith("+" + subtype, StringComparison.Ordinal)))
            {
                return candidate;
            }
        }

        return null;
    }

    // NSwag does not generate XML (de)serialisation: such bodies reach callers as text or stream.
    public static bool IsXml(string mediaType)
    {
        var essence = Essence(mediaType);
        return essence.EndsWith("/xml", StringComparison.Ordinal) || essence.EndsWith("+xml", StringComparison.Ordinal);
    }

    public static void CompareSchemas(ChangeLog log, SchemaDirection direction, string mediaType, IOpenApiSchema? oldSchema, IOpenApiSchema? newSchema, string location)
    {
        var request = direction == SchemaDirection.Request;
        if (oldSchema is null && newSchema is not null)
        {
            log.Report(request ? RuleIds.RequestMediaTypeSchemaAdded : RuleIds.ResponseMediaTypeSchemaAdded, $"{location}: schema added ({SchemaTypeDescriber.Describe(newSchema)}) where there was none.");
            return;
        }

        if (IsXml(mediaType) && oldSchema is not null && newSchema is not null)
        {
            if (SchemaText.Canonical(oldSchema) != SchemaText.Canonical(newSchema))
            {
                log.Report(request ? RuleIds.RequestXmlSchemaChanged : RuleIds.ResponseXmlSchemaChanged, $"{location}: schema changed ({SchemaTypeDescriber.Describe(oldSchema)} -> {SchemaTypeDescriber.Describe(newSchema)}).");
            }

            return;
        }

        new SchemaComparer(log, direction).Compare(oldSchema, newSchema, location);
    }

    private static string Essence(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant();
}
