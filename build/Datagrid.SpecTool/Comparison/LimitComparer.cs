using System.Globalization;
using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Comparison;

/// <summary>
/// Value limits: a request limit that got stricter refuses payloads that worked (breaking); a response limit that got
/// looser lets values through that callers were promised would not come (breaking). The other way round is info.
/// </summary>
internal static class LimitComparer
{
    public static void Compare(ChangeLog log, SchemaDirection direction, IOpenApiSchema oldSchema, IOpenApiSchema newSchema, string location)
    {
        var limits = new Limits(log, direction, location);
        limits.Upper("maxLength", oldSchema.MaxLength, newSchema.MaxLength);
        limits.Upper("maxItems", oldSchema.MaxItems, newSchema.MaxItems);
        limits.Upper("maxProperties", oldSchema.MaxProperties, newSchema.MaxProperties);
        limits.Lower("minLength", oldSchema.MinLength, newSchema.MinLength, size: true);
        limits.Lower("minItems", oldSchema.MinItems, newSchema.MinItems, size: true);
        limits.Lower("minProperties", oldSchema.MinProperties, newSchema.MinProperties, size: true);
        limits.Bound("maximum", UpperBound(oldSchema), UpperBound(newSchema), upper: true);
        limits.Bound("minimum", LowerBound(oldSchema), LowerBound(newSchema), upper: false);
        if (oldSchema is OpenApiSchema oldFull && newSchema is OpenApiSchema newFull)
        {
            limits.Upper("maxContains", oldFull.MaxContains, newFull.MaxContains);
            limits.Lower("minContains", oldFull.MinContains, newFull.MinContains);
        }

        limits.Pattern(Pattern(oldSchema.Pattern), Pattern(newSchema.Pattern));
        limits.MultipleOf(Number(oldSchema.MultipleOf), Number(newSchema.MultipleOf));
        if (oldSchema.UniqueItems != newSchema.UniqueItems && (oldSchema.UniqueItems ?? false) != (newSchema.UniqueItems ?? false))
        {
            limits.Report(newSchema.UniqueItems ?? false, $"uniqueItems {(newSchema.UniqueItems ?? false ? "added" : "removed")}");
        }
    }

    // The reader turns OpenAPI 3.0's boolean exclusiveMaximum/exclusiveMinimum into 3.1's numeric ones when a bound
    // stands beside them, and drops them otherwise; the loader keeps those as flags (see RawTree).
    private static (decimal? Value, bool Exclusive)? UpperBound(IOpenApiSchema schema) =>
        Number(schema.ExclusiveMaximum) is { } exclusive ? (exclusive, true)
        : Number(schema.Maximum) is { } maximum ? (maximum, false)
        : Flag(schema, Loading.RawTree.ExclusiveMaximumFlag) ? (null, true)
        : null;

    private static (decimal? Value, bool Exclusive)? LowerBound(IOpenApiSchema schema) =>
        Number(schema.ExclusiveMinimum) is { } exclusive ? (exclusive, true)
        : Number(schema.Minimum) is { } minimum ? (minimum, false)
        : Flag(schema, Loading.RawTree.ExclusiveMinimumFlag) ? (null, true)
        : null;

    private static bool Flag(IOpenApiSchema schema, string extension) =>
        (schema as OpenApiSchema ?? (schema as OpenApiSchemaReference)?.Target as OpenApiSchema)?.Extensions is { } extensions
        && extensions.TryGetValue(extension, out var value) && (value as JsonNodeExtension)?.Node?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    // An empty pattern, or one matching everything, constrains nothing.
    private static string? Pattern(string? pattern) => pattern is null or "" or ".*" or "^.*$" ? null : pattern;

    private static decimal? Number(object? value) =>
        value is not null && decimal.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private sealed class Limits(ChangeLog log, SchemaDirection direction, string location)
    {
        /// <param name="tightened">The new schema accepts fewer values than the old one.</param>
        public void Report(bool tightened, string what)
        {
            if (direction == SchemaDirection.Request)
            {
                log.Report(tightened ? RuleIds.RequestLimitTightened : RuleIds.RequestLimitRelaxed, $"{location}: {what}{(tightened ? "; payloads that worked may be refused." : ".")}");
            }
            else
            {
                log.Report(tightened ? RuleIds.ResponseLimitNarrowed : RuleIds.ResponseLimitWidened, $"{location}: {what}{(tightened ? "." : "; responses may hold values callers do not handle.")}");
            }
        }

        public void Upper(string keyword, decimal? oldValue, decimal? newValue) => Bound(keyword, oldValue is { } o ? (o, false) : null, newValue is { } n ? (n, false) : null, upper: true);

        public void Lower(string keyword, decimal? oldValue, decimal? newValue, bool size = false)
        {
            // A response that may be shorter (or hold fewer items) than promised rarely trips callers up: a warning.
            if (size && direction == SchemaDirection.Response && (newValue ?? 0) < (oldValue ?? 0))
            {
                log.Report(RuleIds.ResponseMinSizeLowered, $"{location}: {keyword} {oldValue} -> {newValue?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}.");
                return;
            }

            Bound(keyword, oldValue is { } o ? (o, false) : null, newValue is { } n ? (n, false) : null, upper: false);
        }

        public void Bound(string keyword, (decimal? Value, bool Exclusive)? oldBound, (decimal? Value, bool Exclusive)? newBound, bool upper)
        {
            if (oldBound == newBound)
            {
                return;
            }

            var what = $"{keyword} {Describe(oldBound)} -> {Describe(newBound)}";
            if (oldBound is null || newBound is null)
            {
                Report(newBound is not null, what);
                return;
            }

            var (oldValue, oldExclusive) = oldBound.Value;
            var (newValue, newExclusive) = newBound.Value;
            var tightened = oldValue == newValue ? newExclusive && !oldExclusive
                : oldValue is null || newValue is null ? newValue is not null
                : upper ? newValue < oldValue : newValue > oldValue;
            Report(tightened, what);
        }

        public void Pattern(string? oldPattern, string? newPattern)
        {
            if (oldPattern == newPattern)
            {
                return;
            }

            var what = $"pattern {oldPattern ?? "(none)"} -> {newPattern ?? "(none)"}";
            if (direction == SchemaDirection.Response)
            {
                log.Report(newPattern is null || oldPattern is not null ? RuleIds.ResponsePatternChanged : RuleIds.ResponseLimitNarrowed, $"{location}: {what}.");
                return;
            }

            if (oldPattern is not null && newPattern is not null)
            {
                // A changed pattern is neither stricter nor looser in general: it hurts both ways.
                log.Report(direction == SchemaDirection.Request ? RuleIds.RequestLimitTightened : RuleIds.ResponseLimitWidened, $"{location}: {what}; values matching only one of them are affected.");
                return;
            }

            Report(newPattern is not null, what);
        }

        public void MultipleOf(decimal? oldValue, decimal? newValue)
        {
            if (oldValue == newValue)
            {
                return;
            }

            // Every multiple of the old step stays valid only if the old step is a multiple of the new one.
            var tightened = newValue is { } step && step != 0 && (oldValue is not { } before || before % step != 0);
            var loosened = oldValue is { } old && old != 0 && (newValue is not { } after || after % old != 0);
            var what = $"multipleOf {oldValue?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} -> {newValue?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}";
            if (tightened && loosened)
            {
                log.Report(direction == SchemaDirection.Request ? RuleIds.RequestLimitTightened : RuleIds.ResponseLimitWidened, $"{location}: {what}.");
            }
            else
            {
                Report(tightened, what);
            }
        }

        private static string Describe((decimal? Value, bool Exclusive)? bound) =>
            bound is not { } b ? "(none)" : $"{b.Value?.ToString(CultureInfo.InvariantCulture) ?? "(unbounded)"}{(b.Exclusive ? " (exclusive)" : string.Empty)}";
    }
}
