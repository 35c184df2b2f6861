using System.IO.Compression;

namespace Datagrid.Client.PackageTests;

/// <summary>Reads entries of the .nupkg this project restored (its path is baked in at build time).</summary>
internal static class PackageFile
{
    public static string Path { get; } = BuildPaths.Get("DatagridPackage");

    /// <summary>The version in the file name, e.g. 0.1.0 or 0.1.0-ci.5.</summary>
    public static string Version { get; } = System.IO.Path.GetFileNameWithoutExtension(Path)["Datagrid.Client.".Length..];

    public static byte[] Read(string entryName)
    {
        using var zip = ZipFile.OpenRead(Path);
        var entry = zip.GetEntry(entryName) ?? throw new AssertionException($"{entryName} is not in {Path}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string ReadText(string entryName) => System.Text.Encoding.UTF8.GetString(Read(entryName)).TrimStart('\uFEFF');
}
