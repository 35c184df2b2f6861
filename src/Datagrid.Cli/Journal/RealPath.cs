namespace Datagrid.Cli.Journal;

/// <summary>
/// The path with every symbolic link resolved (the file's own and its folders'), so two runs that name one journal
/// through different links take the same lock. Works for a file that does not exist yet.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    public static string Resolve(string path) => Resolve(Path.GetFullPath(path), 0);

    private static string Resolve(string full, int links)
    {
        var parent = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (parent is null || name.Length == 0)
        {
            return full;
        }

        var candidate = Path.Combine(Resolve(parent, links), name);
        if (links >= MaxLinks || new FileInfo(candidate).LinkTarget is not { } target)
        {
            return candidate;
        }

        // A relative target is relative to the link's folder.
        var next = Path.GetFullPath(target, Path.GetDirectoryName(candidate)!);
        return Resolve(next, links + 1);
    }
}
