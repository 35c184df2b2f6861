namespace Datagrid.Client.ApiTests;

/// <summary>Locates checked-in files from the test output directory.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Datagrid.Generated.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Repository root (Datagrid.Generated.sln) not found above the test directory.");
        }
    }

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
