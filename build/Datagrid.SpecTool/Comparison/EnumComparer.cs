using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Enum values become members of generated C# enums, so every change is breaking, each for its own reason:
/// removed from a response: the member disappears and code naming it stops compiling;
/// added to a response: clients built before the change fail to deserialize the new value;
/// removed from a request: callers sending it are refused (and the member disappears);
/// added to a request: the generated enum gains a member, so exhaustive switches over it no longer compile
/// under warnings-as-errors, and a shared request/response enum type receives values old clients cannot read.
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
                response ? $"{location}: enum value {added} added; clients built before this change cannot deserialize it."
                    : $"{location}: enum value {added} added; the generated enum gains a member (exhaustive switches stop compiling).");
        }
    }

    private static List<string> Values(IOpenApiSchema schema) => (schema.Enum ?? []).Select(v => v?.ToJsonString() ?? "null").ToList();
}
