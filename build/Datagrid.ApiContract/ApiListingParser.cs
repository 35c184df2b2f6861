using System.Text.RegularExpressions;

namespace Datagrid.ApiContract;

/// <summary>One public member (or type declaration) of a listing, with the attributes written above it.</summary>
/// <param name="Type">The declaring type, e.g. <c>Datagrid.MemoryClient</c>; for a type's own entry, the type itself.</param>
/// <param name="Name">The member name (<c>DeleteUserMemoryAsync</c>), or the type name for a type's entry.</param>
/// <param name="Text">Attributes and declaration, trimmed and joined: what must stay the same.</param>
/// <param name="IsType">The entry declares the type (its kind, modifiers and base types).</param>
/// <param name="InInterface">The member belongs to an interface.</param>
internal sealed record ApiEntry(string Type, string Name, string Text, bool IsType, bool InInterface);

/// <summary>
/// Reads a PublicApiGenerator listing (src/Datagrid.Client/api/Datagrid.Client.cs): namespaces, types (nested ones
/// too) and members, each member with the attribute lines above it, so a changed attribute is a changed member.
/// </summary>
internal static partial class ApiListingParser
{
    public static IReadOnlyList<ApiEntry> Parse(string listing)
    {
        var entries = new List<ApiEntry>();
        var scopes = new Stack<(string Name, bool IsInterface)>(); // namespace and enclosing types
        string? pendingType = null;
        var pendingIsInterface = false;
        var attributes = new List<string>();
        foreach (var raw in listing.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "{")
            {
                scopes.Push((pendingType ?? string.Empty, pendingIsInterface));
                pendingType = null;
                continue;
            }

            if (line == "}")
            {
                if (scopes.Count > 0)
                {
                    scopes.Pop();
                }

                continue;
            }

            if (line.StartsWith('['))
            {
                attributes.Add(line);
                continue;
            }

            var outer = scopes.Count > 0 ? scopes.Peek().Name : string.Empty;
            var text = string.Join(" ", attributes.Append(line));
            attributes.Clear();
            if (line.StartsWith("namespace ", StringComparison.Ordinal))
            {
                pendingType = line["namespace ".Length..];
                pendingIsInterface = false;
            }
            else if (TypeDeclaration().Match(line) is { Success: true } declaration)
            {
                var typeName = declaration.Groups["name"].Value;
                var full = outer.Length == 0 ? typeName : outer + "." + typeName;
                entries.Add(new ApiEntry(full, typeName, text, IsType: true, InInterface: false));
                pendingType = full;
                pendingIsInterface = declaration.Groups["kind"].Value == "interface";
            }
            else
            {
                var inInterface = scopes.Count > 0 && scopes.Peek().IsInterface;
                entries.Add(new ApiEntry(outer, MemberName(line), text, IsType: false, inInterface));
            }
        }

        return entries;
    }

    // "public sealed class Name<T> : Base", "public interface IName", "public delegate void Name(...)".
    [GeneratedRegex(@"^(?:(?:public|protected|internal|private|static|sealed|abstract|readonly|partial|ref|unsafe|new)\s+)*(?<kind>class|interface|enum|struct|record(?:\s+struct)?|delegate\s+\S+)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*(?:<[^>]*>)?)")]
    private static partial Regex TypeDeclaration();

    // The word before "(" (methods, constructors), "{" (properties, events) or "=" / ";" (fields, enum values).
    private static string MemberName(string line)
    {
        var end = line.IndexOfAny(['(', '{', '=', ';', '[']);
        var match = MemberNameAtEnd().Match(end < 0 ? line : line[..end]);
        return match.Success ? match.Groups["name"].Value : line;
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:<[^<>]*>)?\s*,?\s*$")]
    private static partial Regex MemberNameAtEnd();
}
