namespace Datagrid.ApiContract;

/// <summary>
/// Compares two public API listings entry by entry. Anything of the old listing that is not in the new one word for
/// word is breaking (a parameter inserted before the token, a type changed, a member or type removed, a changed
/// attribute such as the operation a method sends); what is only new is info, except a new interface member, which
/// is a warning: callers and mocking libraries are unaffected, hand-written implementations must add it.
/// </summary>
internal static class ApiListingComparer
{
    public static IReadOnlyList<ApiChange> Compare(string oldListing, string newListing)
    {
        var oldEntries = ApiListingParser.Parse(oldListing);
        var newEntries = ApiListingParser.Parse(newListing);
        var newTexts = newEntries.Select(Key).ToHashSet();
        var oldTexts = oldEntries.Select(Key).ToHashSet();
        var newTypes = newEntries.Where(e => e.IsType).Select(e => e.Type).ToHashSet(StringComparer.Ordinal);
        var oldTypes = oldEntries.Where(e => e.IsType).Select(e => e.Type).ToHashSet(StringComparer.Ordinal);

        var removed = oldEntries.Where(e => !newTexts.Contains(Key(e))).ToList();
        var added = newEntries.Where(e => !oldTexts.Contains(Key(e))).ToList();
        var changes = new List<ApiChange>();

        foreach (var entry in removed)
        {
            if (entry.IsType)
            {
                var after = newEntries.FirstOrDefault(e => e.IsType && e.Type == entry.Type);
                changes.Add(after is null
                    ? new ApiChange(ApiChangeLevel.Breaking, "type.removed", entry.Type, entry.Text, null)
                    : new ApiChange(ApiChangeLevel.Breaking, "type.changed", entry.Type, entry.Text, after.Text));
                continue;
            }

            if (!newTypes.Contains(entry.Type))
            {
                continue; // reported once, as type.removed
            }

            // A member whose name is still there (same type) but not in this form: changed, shown with its new form(s).
            var sameName = added.Where(e => !e.IsType && e.Type == entry.Type && e.Name == entry.Name).Select(e => e.Text).ToList();
            changes.Add(sameName.Count > 0
                ? new ApiChange(ApiChangeLevel.Breaking, "member.changed", entry.Type, entry.Text, string.Join("  |  ", sameName))
                : new ApiChange(ApiChangeLevel.Breaking, "member.removed", entry.Type, entry.Text, null));
        }

        foreach (var entry in added)
        {
            if (entry.IsType)
            {
                if (!oldTypes.Contains(entry.Type))
                {
                    changes.Add(new ApiChange(ApiChangeLevel.Info, "type.added", entry.Type, null, entry.Text));
                }

                continue;
            }

            if (!oldTypes.Contains(entry.Type) || removed.Any(e => !e.IsType && e.Type == entry.Type && e.Name == entry.Name))
            {
                continue; // part of a new type, or already shown as the new form of a changed member
            }

            changes.Add(entry.InInterface
                ? new ApiChange(ApiChangeLevel.Warning, "interface-member.added", entry.Type, null, entry.Text)
                : new ApiChange(ApiChangeLevel.Info, "member.added", entry.Type, null, entry.Text));
        }

        return changes;
    }

    private static (string Type, string Text) Key(ApiEntry entry) => (entry.Type, entry.Text);
}
