using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Compares declared responses. A removed success (2xx) response changes what the generated method returns;
/// a removed error response only stops the generated code parsing that body (the hand-written layer maps every
/// status to a typed exception), so it does not break callers. Common responses compare headers, media types and schemas.
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
                log.Report(IsSuccess(status) ? RuleIds.SuccessResponseRemoved : RuleIds.ErrorResponseRemoved,
                    IsSuccess(status) ? $"success response {status} removed." : $"error response {status} no longer declared; callers handling it lose that promise.");
                continue;
            }

            if (oldResponse is null || newResponse is null)
            {
                continue;
            }

            HeaderComparer.Compare(log, status, oldResponse.Headers, newResponse.Headers);
            CompareContent(log, status, oldResponse.Content, newResponse.Content);
        }

        foreach (var status in newMap.Keys.Where(k => !oldMap.ContainsKey(k)))
        {
            log.Report(RuleIds.ResponseAdded, $"response {status} added.");
        }
    }

    private static void CompareContent(ChangeLog log, string status, IDictionary<string, IOpenApiMediaType>? oldContent, IDictionary<string, IOpenApiMediaType>? newContent)
    {
        oldContent ??= new Dictionary<string, IOpenApiMediaType>();
        newContent ??= new Dictionary<string, IOpenApiMediaType>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (mediaType, oldMedia) in oldContent)
        {
            var match = MediaTypes.FindSame(mediaType, newContent);
            if (match is { } same)
            {
                matched.Add(same.Key);
                if (same.Key != mediaType)
                {
                    log.Report(RuleIds.ResponseMediaTypeSpecialized, $"response {status} media type {mediaType} is now {same.Key}.");
                }

                MediaTypes.CompareSchemas(log, SchemaDirection.Response, mediaType, oldMedia?.Schema, same.Value?.Schema, $"response {status} ({mediaType})");
                continue;
            }

            if (MediaTypes.FindSpecialization(mediaType, newContent) is { } specific && MediaTypes.FindSame(specific.Key, oldContent) is null)
            {
                matched.Add(specific.Key);
                log.Report(RuleIds.ResponseMediaTypeSpecialized, $"response {status} media type {mediaType} is now the more specific {specific.Key}.");
                MediaTypes.CompareSchemas(log, SchemaDirection.Response, specific.Key, oldMedia?.Schema, specific.Value?.Schema, $"response {status} ({specific.Key})");
                continue;
            }

            log.Report(IsSuccess(status) ? RuleIds.ResponseMediaTypeRemoved : RuleIds.ErrorResponseMediaTypeRemoved, $"response {status} no longer returns {mediaType}.");
        }

        foreach (var mediaType in newContent.Keys.Where(k => !matched.Contains(k)))
        {
            if (IsSuccess(status) && oldContent.Count == 0 && newContent[mediaType]?.Schema is not null)
            {
                // A success response that had no body gets one: the generated method returns Task<T> instead of Task.
                log.Report(RuleIds.ResponseSuccessBodyAdded, $"success response {status} had no body and now returns {mediaType}.");
                continue;
            }

            log.Report(RuleIds.ResponseMediaTypeAdded, $"response {status} may now return {mediaType}.");
        }
    }

    private static bool IsSuccess(string status) => status.StartsWith('2');
}
