using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Compares two schemas of a request or response, following <c>$ref</c>s into components (they resolve transparently)
/// and guarding against recursive schemas. Which side of a change hurts depends on the direction: a request that
/// accepts less refuses payloads that worked; a response that may hold more gives callers values they do not handle.
/// Type, nullability, enums, value limits, JSON Schema 2020-12 keywords, composition, discriminators, defaults,
/// readOnly/writeOnly and properties each have their own rules (see <see cref="RuleCatalog"/>).
/// </summary>
/// <param name="rootRetypeRule">Rule for a type change of the schema compared first (parameters use their own).</param>
/// <param name="rootWidenRule">Rule for a widened type of the schema compared first.</param>
internal sealed class SchemaComparer(ChangeLog log, SchemaDirection direction, string? rootRetypeRule = null, string? rootWidenRule = null)
{
    private const int MaxDepth = 48;

    private readonly HashSet<(string, string)> visitedReferences = [];

    private bool IsResponse => direction == SchemaDirection.Response;

    public void Compare(IOpenApiSchema? oldSchema, IOpenApiSchema? newSchema, string location) => Compare(oldSchema, newSchema, location, 0);

    private void Compare(IOpenApiSchema? oldSchema, IOpenApiSchema? newSchema, string location, int depth)
    {
        if (oldSchema is null || newSchema is null || depth > MaxDepth)
        {
            if (oldSchema is not null && newSchema is null)
            {
                log.Report(IsResponse ? RuleIds.ResponsePropertyRetyped : RuleIds.RequestPropertyRetyped, $"{location}: schema removed (was {SchemaTypeDescriber.Describe(oldSchema)}).");
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
                log.Report(RuleIds.SchemaRenamed, $"{location}: schema {oldRef} is now {newRef}; the generated type is renamed.");
            }
        }

        if (CompareCompositionShape(oldSchema, newSchema, location) || !CompareType(oldSchema, newSchema, location, depth))
        {
            return;
        }

        CompareNullability(oldSchema, newSchema, location);
        EnumComparer.Compare(log, direction, oldSchema, newSchema, location);
        if (depth > 0 || rootRetypeRule is null)
        {
            CompareDefault(oldSchema, newSchema, location);
        }

        LimitComparer.Compare(log, direction, oldSchema, newSchema, location);
        KeywordComparer.Compare(log, direction, oldSchema, newSchema, location);
        CompareVariants(oldSchema, newSchema, location, depth);
        CompareAllOf(oldSchema, newSchema, location);
        CompareDiscriminator(oldSchema.Discriminator, newSchema.Discriminator, location);
        CompareProperties(oldSchema, newSchema, location, depth);

        if (oldSchema.Items is not null || newSchema.Items is not null)
        {
            Compare(oldSchema.Items, newSchema.Items, $"{location}[]", depth + 1);
        }

        if (oldSchema.AdditionalProperties is not null && newSchema.AdditionalProperties is not null)
        {
            Compare(oldSchema.AdditionalProperties, newSchema.AdditionalProperties, $"{location}{{}}", depth + 1);
        }
    }

    // Returns false when the types differ: nothing below a retype is worth comparing.
    private bool CompareType(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location, int depth)
    {
        var oldType = SchemaTypeDescriber.Describe(oldSchema);
        var newType = SchemaTypeDescriber.Describe(newSchema);
        if (oldType == newType)
        {
            return true;
        }

        var root = depth == 0;
        if (!IsResponse && IsWidening(oldSchema, newSchema))
        {
            log.Report(root && rootWidenRule is not null ? rootWidenRule : RuleIds.RequestPropertyTypeWidened, $"{location}: type widened from {oldType} to {newType}; every old value is still accepted.");
        }
        else
        {
            log.Report(root && rootRetypeRule is not null ? rootRetypeRule : IsResponse ? RuleIds.ResponsePropertyRetyped : RuleIds.RequestPropertyRetyped, $"{location}: type changed from {oldType} to {newType}.");
        }

        return false;
    }

    // Every value of the old type is a value of the new one: a type added to a type list, integer to number, or any.
    // Same types with another format are a retype (int32 to int64 changes the C# type).
    private static bool IsWidening(IOpenApiSchema oldSchema, IOpenApiSchema newSchema)
    {
        var oldTypes = SchemaTypeDescriber.Types(oldSchema);
        var newTypes = SchemaTypeDescriber.Types(newSchema);
        if (oldTypes == 0 || oldTypes == newTypes || oldTypes.HasFlag(JsonSchemaType.Array) || (oldSchema.Format is not null && oldSchema.Format != newSchema.Format))
        {
            return false;
        }

        if (newTypes == 0)
        {
            return true;
        }

        var covered = oldTypes.HasFlag(JsonSchemaType.Integer) && newTypes.HasFlag(JsonSchemaType.Number) ? oldTypes & ~JsonSchemaType.Integer : oldTypes;
        return (newTypes & covered) == covered;
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
            log.Report(isNullable ? RuleIds.ResponsePropertyNowNullable : RuleIds.ResponsePropertyNowNonNullable,
                isNullable ? $"{location}: may now be null; code reading it can meet a null." : $"{location}: no longer null.");
        }
        else
        {
            log.Report(isNullable ? RuleIds.RequestPropertyNowNullable : RuleIds.RequestPropertyNowNonNullable,
                isNullable ? $"{location}: now accepts null." : $"{location}: no longer accepts null; callers sending null are refused.");
        }
    }

    private void CompareDefault(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var oldDefault = SchemaText.Json(oldSchema.Default);
        var newDefault = SchemaText.Json(newSchema.Default);
        if (oldDefault is not null && newDefault is not null && oldDefault != newDefault)
        {
            log.Report(IsResponse ? RuleIds.ResponsePropertyDefaultChanged : RuleIds.RequestPropertyDefaultChanged, $"{location}: default changed from {oldDefault} to {newDefault}.");
        }
    }

    // oneOf/anyOf appearing or disappearing changes the generated type's shape (e.g. a body wrapped in oneOf).
    private bool CompareCompositionShape(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var oldVariants = (oldSchema.OneOf?.Count ?? 0) + (oldSchema.AnyOf?.Count ?? 0);
        var newVariants = (newSchema.OneOf?.Count ?? 0) + (newSchema.AnyOf?.Count ?? 0);
        if ((oldVariants == 0) == (newVariants == 0))
        {
            return false;
        }

        log.Report(RuleIds.SchemaCompositionChanged, oldVariants == 0
            ? $"{location}: now a oneOf/anyOf of [{string.Join(", ", VariantNames(newSchema))}] (was {SchemaTypeDescriber.Describe(oldSchema)})."
            : $"{location}: no longer a oneOf/anyOf of [{string.Join(", ", VariantNames(oldSchema))}] (now {SchemaTypeDescriber.Describe(newSchema)}).");
        return true;
    }

    private static IEnumerable<string> VariantNames(IOpenApiSchema schema) =>
        (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Select(v => SchemaTypeDescriber.ReferenceId(v) ?? SchemaTypeDescriber.Describe(v));

    // Variants pair up by content (a renamed or inlined $ref is the same variant), then by $ref name, then a lone
    // leftover pair of the same type; paired variants are compared deeply (their nested $refs may have changed).
    private void CompareVariants(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location, int depth)
    {
        foreach (var (keyword, oldList, newList) in new[] { ("oneOf", oldSchema.OneOf, newSchema.OneOf), ("anyOf", oldSchema.AnyOf, newSchema.AnyOf) })
        {
            var oldRest = (oldList ?? []).ToList();
            var newRest = (newList ?? []).ToList();
            if (oldRest.Count == 0 && newRest.Count == 0)
            {
                continue;
            }

            var pairs = new List<(IOpenApiSchema Old, IOpenApiSchema New)>();
            void Pair(Func<IOpenApiSchema, IOpenApiSchema, bool> same)
            {
                foreach (var old in oldRest.ToList())
                {
                    var match = newRest.FirstOrDefault(n => same(old, n));
                    if (match is not null)
                    {
                        pairs.Add((old, match));
                        oldRest.Remove(old);
                        newRest.Remove(match);
                    }
                }
            }

            Pair((o, n) => SchemaText.Canonical(o) == SchemaText.Canonical(n));
            Pair((o, n) => SchemaTypeDescriber.ReferenceId(o) is { } id && id == SchemaTypeDescriber.ReferenceId(n));
            if (oldRest.Count == 1 && newRest.Count == 1)
            {
                Pair((o, n) => SchemaTypeDescriber.Describe(o) == SchemaTypeDescriber.Describe(n));
            }

            foreach (var (old, @new) in pairs)
            {
                Compare(old, @new, $"{location}<{VariantName(old)}>", depth + 1);
            }

            foreach (var removed in oldRest)
            {
                log.Report(IsResponse ? RuleIds.ResponseVariantRemoved : RuleIds.RequestVariantRemoved, $"{location}: {keyword} variant {VariantName(removed)} removed.");
            }

            foreach (var added in newRest)
            {
                log.Report(IsResponse ? RuleIds.ResponseVariantAdded : RuleIds.RequestVariantAdded, $"{location}: {keyword} variant {VariantName(added)} added.");
            }
        }
    }

    private static string VariantName(IOpenApiSchema schema) => SchemaTypeDescriber.ReferenceId(schema) ?? SchemaTypeDescriber.Describe(schema);

    // allOf members add up: a new member in a request adds constraints; properties are compared merged below.
    private void CompareAllOf(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        // A $ref'd member is the same member whatever its component now holds (that is compared property by property).
        static string? Key(IOpenApiSchema member) => SchemaTypeDescriber.ReferenceId(member) is { } id ? "$ref:" + id : SchemaText.Canonical(member);
        var oldMembers = (oldSchema.AllOf ?? []).Select(Key).ToList();
        var newMembers = (newSchema.AllOf ?? []).ToList();
        var newKeys = newMembers.Select(Key).ToList();
        var added = newMembers.Where(m => !oldMembers.Contains(Key(m)) && !IsAnnotationOnly(m)).ToList();
        var removedCount = oldMembers.Count(o => !newKeys.Contains(o));

        // A member edited in place (same count) is compared through the merged properties, not as an added member.
        if (added.Count > 0 && !IsResponse && newMembers.Count(m => !IsAnnotationOnly(m)) > oldMembers.Count)
        {
            log.Report(RuleIds.RequestAllOfAdded, $"{location}: allOf member(s) {string.Join(", ", added.Select(VariantName))} added; payloads must now meet them too.");
        }
        else if (added.Count > 0 || removedCount > 0)
        {
            log.Report(RuleIds.AllOfChanged, $"{location}: allOf members changed ({added.Count} added, {removedCount} removed).");
        }
    }

    private static readonly HashSet<string> AnnotationKeywords = new(StringComparer.Ordinal)
    {
        "description", "title", "example", "examples", "deprecated", "externalDocs", "$comment", "readOnly", "writeOnly",
    };

    private static bool IsAnnotationOnly(IOpenApiSchema schema) =>
        SchemaTypeDescriber.ReferenceId(schema) is null
        && JsonNode.Parse(SchemaText.Canonical(schema) ?? "{}") is JsonObject json
        && json.All(p => AnnotationKeywords.Contains(p.Key) || p.Key.StartsWith("x-", StringComparison.Ordinal));

    private void CompareDiscriminator(OpenApiDiscriminator? oldDiscriminator, OpenApiDiscriminator? newDiscriminator, string location)
    {
        if (oldDiscriminator is null && newDiscriminator is null)
        {
            return;
        }

        if (oldDiscriminator is not null && newDiscriminator is not null && oldDiscriminator.PropertyName != newDiscriminator.PropertyName)
        {
            log.Report(RuleIds.DiscriminatorPropertyChanged, $"{location}: discriminator property changed from '{oldDiscriminator.PropertyName}' to '{newDiscriminator.PropertyName}'.");
            return;
        }

        var before = Describe(oldDiscriminator);
        var after = Describe(newDiscriminator);
        if (before != after)
        {
            log.Report(RuleIds.DiscriminatorChanged, $"{location}: discriminator changed from {before} to {after}.");
        }

        static string Describe(OpenApiDiscriminator? discriminator) => discriminator is null ? "(none)"
            : $"'{discriminator.PropertyName}' {{{string.Join(", ", (discriminator.Mapping ?? new Dictionary<string, OpenApiSchemaReference>()).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}: {m.Value.Reference?.Id}"))}}}";
    }

    private void CompareProperties(IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location, int depth)
    {
        var oldProperties = FlattenProperties(oldSchema);
        var newProperties = FlattenProperties(newSchema);
        var oldRequired = FlattenRequired(oldSchema);
        var newRequired = FlattenRequired(newSchema);

        foreach (var (name, oldProperty) in oldProperties)
        {
            var path = $"{location}.{name}";
            newProperties.TryGetValue(name, out var newProperty);
            if (!Visible(oldProperty))
            {
                CompareHidden(path, oldProperty, newProperty, newRequired.Contains(name), depth);
                continue;
            }

            if (newProperty is null)
            {
                log.Report(IsResponse ? RuleIds.ResponsePropertyRemoved : RuleIds.RequestPropertyRemoved,
                    $"{path} ({SchemaTypeDescriber.Describe(oldProperty)}) removed; the generated property disappears.");
                continue;
            }

            if (!Visible(newProperty))
            {
                log.Report(IsResponse ? RuleIds.ResponsePropertyNowWriteOnly : RuleIds.RequestPropertyNowReadOnly,
                    IsResponse ? $"{path} is now writeOnly; responses no longer carry it." : $"{path} is now readOnly; what callers send in it is ignored or refused.");
                continue;
            }

            CompareRequired(path, oldRequired.Contains(name), newRequired.Contains(name));
            Compare(oldProperty, newProperty, path, depth + 1);
        }

        foreach (var (name, newProperty) in newProperties.Where(p => !oldProperties.ContainsKey(p.Key) && Visible(p.Value)))
        {
            var path = $"{location}.{name}";
            var type = SchemaTypeDescriber.Describe(newProperty);
            if (IsResponse)
            {
                log.Report(RuleIds.ResponsePropertyAdded, $"{path} ({type}) added.");
            }
            else if (newRequired.Contains(name))
            {
                log.Report(RuleIds.RequestPropertyRequiredAdded, $"{path} ({type}) added as required; existing callers do not send it.");
            }
            else
            {
                log.Report(RuleIds.RequestPropertyOptionalAdded, $"{path} ({type}) added, optional.");
            }
        }
    }

    // A property hidden in this direction before (readOnly in a request, writeOnly in a response): callers did not
    // deal with it, so it counts as added if it shows up now; its value limits still count (the peers check them).
    private void CompareHidden(string path, IOpenApiSchema oldProperty, IOpenApiSchema? newProperty, bool required, int depth)
    {
        if (newProperty is null)
        {
            return;
        }

        if (Visible(newProperty))
        {
            var type = SchemaTypeDescriber.Describe(newProperty);
            log.Report(IsResponse ? RuleIds.ResponsePropertyAdded : required ? RuleIds.RequestPropertyRequiredAdded : RuleIds.RequestPropertyOptionalAdded,
                IsResponse ? $"{path} ({type}) is no longer writeOnly: responses now carry it." : $"{path} ({type}) is no longer readOnly{(required ? " and is required: existing callers do not send it." : ".")}");
            return;
        }

        Compare(oldProperty, newProperty, path, depth + 1);
    }

    // readOnly properties never travel in requests, writeOnly ones never in responses.
    private bool Visible(IOpenApiSchema property) => IsResponse ? !property.WriteOnly : !property.ReadOnly;

    private void CompareRequired(string path, bool wasRequired, bool isRequired)
    {
        if (wasRequired == isRequired)
        {
            return;
        }

        if (IsResponse)
        {
            log.Report(isRequired ? RuleIds.ResponsePropertyNowRequired : RuleIds.ResponsePropertyNowOptional,
                isRequired ? $"{path} is now always present." : $"{path} is no longer required; it may be missing from responses.");
        }
        else
        {
            log.Report(isRequired ? RuleIds.RequestPropertyNowRequired : RuleIds.RequestPropertyNowOptional,
                isRequired ? $"{path} is now required; existing callers may not send it." : $"{path} is now optional.");
        }
    }

    // allOf members contribute their properties to the generated type (NSwag inherits or merges them).
    private static Dictionary<string, IOpenApiSchema> FlattenProperties(IOpenApiSchema schema, int depth = 0)
    {
        var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (depth > MaxDepth)
        {
            return result;
        }

        foreach (var part in schema.AllOf ?? [])
        {
            foreach (var (name, property) in FlattenProperties(part, depth + 1))
            {
                result[name] = property;
            }
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            result[name] = property;
        }

        return result;
    }

    private static HashSet<string> FlattenRequired(IOpenApiSchema schema, int depth = 0)
    {
        var result = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        if (depth > MaxDepth)
        {
            return result;
        }

        foreach (var part in schema.AllOf ?? [])
        {
            result.UnionWith(FlattenRequired(part, depth + 1));
        }

        return result;
    }
}
