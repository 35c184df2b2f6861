using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>Compares request bodies: presence, requiredness, media types, then the schema as a request.</summary>
internal static class RequestBodyComparer
{
    public static void Compare(ChangeLog log, IOpenApiRequestBody? oldBody, IOpenApiRequestBody? newBody)
    {
        if (oldBody is null && newBody is null)
        {
            return;
        }

        if (newBody is null)
        {
            log.Report(RuleIds.RequestBodyRemoved, "request body removed; the generated method loses its body argument.");
            return;
        }

        if (oldBody is null)
        {
            log.Report(newBody.Required ? RuleIds.RequestBodyRequiredAdded : RuleIds.RequestBodyOptionalAdded,
                newBody.Required ? "required request body added; existing calls do not send one." : "optional request body added.");
            return;
        }

        if (!oldBody.Required && newBody.Required)
        {
            log.Report(RuleIds.RequestBodyNowRequired, "request body is now required.");
        }

        var oldContent = oldBody.Content ?? new Dictionary<string, IOpenApiMediaType>();
        var newContent = newBody.Content ?? new Dictionary<string, IOpenApiMediaType>();
        foreach (var (mediaType, oldMedia) in oldContent)
        {
            var match = MediaTypes.FindSame(mediaType, newContent);
            if (match is not { } found)
            {
                log.Report(RuleIds.RequestMediaTypeRemoved, $"request body media type {mediaType} removed.");
                continue;
            }

            MediaTypes.CompareSchemas(log, SchemaDirection.Request, mediaType, oldMedia.Schema, found.Value.Schema, $"request body ({mediaType})");
        }

        foreach (var mediaType in newContent.Keys.Where(k => MediaTypes.FindSame(k, oldContent) is null))
        {
            log.Report(RuleIds.RequestMediaTypeAdded, $"request body media type {mediaType} added.");
        }
    }
}
