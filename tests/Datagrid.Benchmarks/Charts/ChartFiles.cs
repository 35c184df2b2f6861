using System.Reflection;

namespace Datagrid.Benchmarks.Charts;

/// <summary>
/// Where the benchmark commands write their charts: the images the benchmarks guide shows (build/docs/images), so a
/// re-run replaces them; <c>chart=PATH</c> on the command line writes elsewhere, <c>chart=none</c> writes nothing.
/// </summary>
internal static class ChartFiles
{
    public static string? Resolve(string? setting, string defaultName)
    {
        if (setting is "none")
        {
            return null;
        }

        if (!string.IsNullOrEmpty(setting))
        {
            return Path.GetFullPath(setting);
        }

        var root = typeof(ChartFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        return Path.Combine(root, "build", "docs", "images", defaultName);
    }

    public static void Announce(string path) => Console.WriteLine($"Chart written: {path}");
}
