using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Enum values become members of the generated enums (static properties of an extensible struct for string enums,
/// members of a C# enum for integer ones):
/// removed from a response: the member disappears and code naming it stops compiling (breaking);
/// added to a response: a warning only, since the generated enums read values they do not list (the struct keeps
/// any string, Newtonsoft reads any number into a C# enum); callers that assume the listed values are all may not
/// handle it;
/// removed from a request: callers sending it are refused (and the member disappears);
/// added to a request: informative; old payloads stay valid and callers compile unchanged (a struct gains a static
/// property; a C# enum gains a member, and C# never treats a switch over an enum as exhaustive without a default).
/// </summary>
internal static class EnumComparer
{
    public static void Compare(ChangeLog log, SchemaDirection direction, IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var oldValues = Values(oldSchema);
        var newValues = Values(newSchema);
        if (oldValues.Count == 0 && newValues.Count == 0)
        {
            return;
        }

        var response = direction == SchemaDirection.Response;
        foreach (var removed in oldValues.Where(v => !newValues.Contains(v)))
        {
            log.Report(response ? RuleIds.ResponseEnumValueRemoved : RuleIds.RequestEnumValueRemoved,
                response ? $"{location}: enum value {removed} removed; the generated enum member disappears."
                    : $"{location}: enum value {removed} removed; callers sending it are refused.");
        }

        // Going from "any value" to an enum restricts the type; that is a retype, not an added value.
        if (oldValues.Count == 0)
        {
            log.Report(response ? RuleIds.ResponsePropertyRetyped : RuleIds.RequestPropertyRetyped, $"{location}: now restricted to enum [{string.Join(", ", newValues)}].");
            return;
        }

        foreach (var added in newValues.Where(v => !oldValues.Contains(v)))
        {
            log.Report(response ? RuleIds.ResponseEnumValueAdded : RuleIds.RequestEnumValueAdded,
                response ? $"{location}: enum value {added} added; clients built before this change read it as an unknown value (extensible enum), code assuming the listed values may not handle it."
                    : $"{location}: enum value {added} added; old payloads stay valid and the generated enum gains a member.");
        }
    }

    private static List<string> Values(IOpenApiSchema schema) => (schema.Enum ?? []).Select(v => v?.ToJsonString() ?? "null").ToList();
}
