using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Compares declared responses. A removed success (2xx) response changes what the generated method returns;
/// a removed error response only stops the generated code parsing that body (the hand-written layer maps every
/// status to a typed exception), so it does not break callers. Common responses compare media types and schemas.
/// </summary>
internal static class ResponseComparer
{
    public static void Compare(ChangeLog log, OpenApiResponses? oldResponses, OpenApiResponses? newResponses)
    {
        var oldMap = oldResponses ?? new OpenApiResponses();
        var newMap = newResponses ?? new OpenApiResponses();
        foreach (var (status, oldResponse) in oldMap)
        {
            if (!newMap.TryGetValue(status, out var newResponse))
            {
                if (IsSuccess(status))
                {
                    log.Breaking(RuleIds.SuccessResponseRemoved, $"success response {status} removed.");
                }
                else
                {
                    log.NonBreaking(RuleIds.ErrorResponseRemoved, $"error response {status} no longer declared; its body is no longer parsed into a typed model.");
                }

                continue;
            }

            CompareContent(log, status, oldResponse.Content, newResponse.Content);
        }

        foreach (var status in newMap.Keys.Where(k => !oldMap.ContainsKey(k)))
        {
            log.NonBreaking(RuleIds.ResponseAdded, $"response {status} added.");
        }
    }

    private static void CompareContent(ChangeLog log, string status, IDictionary<string, IOpenApiMediaType>? oldContent, IDictionary<string, IOpenApiMediaType>? newContent)
    {
        oldContent ??= new Dictionary<string, IOpenApiMediaType>();
        newContent ??= new Dictionary<string, IOpenApiMediaType>();
        foreach (var (mediaType, oldMedia) in oldContent)
        {
            if (!newContent.TryGetValue(mediaType, out var newMedia))
            {
                log.Add(RuleIds.ResponseMediaTypeRemoved, IsSuccess(status), $"response {status} no longer returns {mediaType}.");
                continue;
            }

            new SchemaComparer(log, SchemaDirection.Response).Compare(oldMedia.Schema, newMedia.Schema, $"response {status} ({mediaType})");
        }

        foreach (var mediaType in newContent.Keys.Where(k => !oldContent.ContainsKey(k)))
        {
            log.NonBreaking(RuleIds.ResponseMediaTypeAdded, $"response {status} may now return {mediaType}.");
        }
    }

    private static bool IsSuccess(string status) => status.StartsWith('2');
}
