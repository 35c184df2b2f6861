using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Compares two schemas of a request or response body, following <c>$ref</c>s into components (they resolve
/// transparently) and guarding against recursive schemas. Rules by direction:
/// a response property removed, retyped, no longer required or newly nullable breaks callers reading it;
/// a request property removed, retyped, newly required or no longer nullable breaks callers sending it.
/// Enum values added or removed on either side break callers (see <see cref="EnumComparer"/>).
/// </summary>
internal sealed class SchemaComparer(ChangeLog log, SchemaDirection direction)
{
    private readonly HashSet<(string, string)> visitedReferences = [];

    private bool IsResponse => direction == SchemaDirection.Response;

    public void Compare(IOpenApiSchema? oldSchema, IOpenApiSchema? newSchema, string location)
    {
        if (oldSchema is null || newSchema is null)
        {
            if (oldSchema is not null)
            {
                log.Add(IsResponse ? RuleIds.ResponsePropertyRetyped : RuleIds.RequestPropertyRetyped, true, $"{location}: schema removed (was {SchemaTypeDescriber.Describe(oldSchema)}).");
            }

            return;
        }

        var oldRef = SchemaTypeDescriber.ReferenceId(oldSchema);
        var newRef = SchemaTypeDescriber.ReferenceId(newSchema);
        if (oldRef is not null && newRef is not null)
        {
            if (!visitedReferences.Add((oldRef, newRef)))
            {
                return;
            }

            if (oldRef != newRef)
            {
                log.Breaking(RuleIds.SchemaRenamed, $"{location}: schema {oldRef} is now {newRef}; the generated type is renamed.");
            }
        }

        var oldType = SchemaTypeDescriber.Describe(oldSchema);
        var newType = SchemaTypeDescriber.Describe(newSchema);
        if (oldType != newType)
        {
            log.Breaking(IsResponse ? RuleIds.ResponsePropertyRetyped : RuleIds.RequestPropertyRetyped, $"{location}: type changed from {oldType} to {newType}.");
            return;
        }

        CompareNullability(oldSchema, newSchema, location);
        EnumComparer.Compare(log, direction, oldSchema, newSchema, location);
        CompareComposition(oldSchema, newSchema, location);
        CompareProperties(oldSchema, newSchema, location);

        if (oldSchema.Items is not null || newSchema.Items is not null)
        {
            Compare(oldSchema.Items, newSchema.Items, $"{location}[]");
        }

        if (oldSchema.AdditionalProperties is not null && newSchema.AdditionalProperties is not null)
        {
            Compare(oldSchema.AdditionalProperties, newSchema.AdditionalProperties, $"{location}{{}}");
        }
    }

    private void CompareNullability(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var wasNullable = SchemaTypeDescriber.IsNullable(oldSchema);
        var isNullable = SchemaTypeDescriber.IsNullable(newSchema);
        if (wasNullable == isNullable)
        {
            return;
        }

        if (IsResponse)
        {
            log.Add(isNullable ? RuleIds.ResponsePropertyNowNullable : RuleIds.ResponsePropertyNowNonNullable, isNullable,
                isNullable ? $"{location}: may now be null; code reading it can meet a null." : $"{location}: no longer null.");
        }
        else
        {
            log.Add(isNullable ? RuleIds.RequestPropertyNowNullable : RuleIds.RequestPropertyNowNonNullable, !isNullable,
                isNullable ? $"{location}: now accepts null." : $"{location}: no longer accepts null; callers sending null are refused.");
        }
    }

    // oneOf/anyOf variants are compared by their type or $ref name only: a changed set changes the generated shape.
    private void CompareComposition(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        foreach (var (keyword, oldList, newList) in new[] { ("oneOf", oldSchema.OneOf, newSchema.OneOf), ("anyOf", oldSchema.AnyOf, newSchema.AnyOf) })
        {
            var oldVariants = Variants(oldList);
            var newVariants = Variants(newList);
            if (!oldVariants.SequenceEqual(newVariants))
            {
                log.Breaking(RuleIds.SchemaCompositionChanged, $"{location}: {keyword} changed from [{string.Join(", ", oldVariants)}] to [{string.Join(", ", newVariants)}].");
            }
        }
    }

    private static List<string> Variants(IList<IOpenApiSchema>? schemas) =>
        (schemas ?? []).Select(s => SchemaTypeDescriber.ReferenceId(s) ?? SchemaTypeDescriber.Describe(s)).Order(StringComparer.Ordinal).ToList();

    private void CompareProperties(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var oldProperties = FlattenProperties(oldSchema);
        var newProperties = FlattenProperties(newSchema);
        var oldRequired = FlattenRequired(oldSchema);
        var newRequired = FlattenRequired(newSchema);

        foreach (var (name, oldProperty) in oldProperties)
        {
            var path = $"{location}.{name}";
            if (!newProperties.TryGetValue(name, out var newProperty))
            {
                log.Breaking(IsResponse ? RuleIds.ResponsePropertyRemoved : RuleIds.RequestPropertyRemoved,
                    $"{path} ({SchemaTypeDescriber.Describe(oldProperty)}) removed; the generated property disappears.");
                continue;
            }

            CompareRequired(path, oldRequired.Contains(name), newRequired.Contains(name));
            Compare(oldProperty, newProperty, path);
        }

        foreach (var (name, newProperty) in newProperties.Where(p => !oldProperties.ContainsKey(p.Key)))
        {
            var path = $"{location}.{name}";
            var type = SchemaTypeDescriber.Describe(newProperty);
            if (IsResponse)
            {
                log.NonBreaking(RuleIds.ResponsePropertyAdded, $"{path} ({type}) added.");
            }
            else if (newRequired.Contains(name))
            {
                log.Breaking(RuleIds.RequestPropertyRequiredAdded, $"{path} ({type}) added as required; existing callers do not send it.");
            }
            else
            {
                log.NonBreaking(RuleIds.RequestPropertyOptionalAdded, $"{path} ({type}) added, optional.");
            }
        }
    }

    private void CompareRequired(string path, bool wasRequired, bool isRequired)
    {
        if (wasRequired == isRequired)
        {
            return;
        }

        if (IsResponse)
        {
            log.Add(isRequired ? RuleIds.ResponsePropertyNowRequired : RuleIds.ResponsePropertyNowOptional, !isRequired,
                isRequired ? $"{path} is now always present." : $"{path} is no longer required; it may be missing from responses.");
        }
        else
        {
            log.Add(isRequired ? RuleIds.RequestPropertyNowRequired : RuleIds.RequestPropertyNowOptional, isRequired,
                isRequired ? $"{path} is now required; existing callers may not send it." : $"{path} is now optional.");
        }
    }

    // allOf members contribute their properties to the generated type (NSwag inherits or merges them).
    private static Dictionary<string, IOpenApiSchema> FlattenProperties(IOpenApiSchema schema)
    {
        var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var part in (schema.AllOf ?? []).Append(schema))
        {
            foreach (var (name, property) in (part == schema ? part.Properties : FlattenProperties(part)) ?? new Dictionary<string, IOpenApiSchema>())
            {
                result[name] = property;
            }
        }

        return result;
    }

    private static HashSet<string> FlattenRequired(IOpenApiSchema schema)
    {
        var result = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        foreach (var part in schema.AllOf ?? [])
        {
            result.UnionWith(FlattenRequired(part));
        }

        return result;
    }
}
