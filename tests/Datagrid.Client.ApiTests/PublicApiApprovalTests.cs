namespace Datagrid.Client.ApiTests;

/// <summary>
/// Every change to the public surface of Datagrid.Client must be reviewed: the listing generated from the built
/// assembly must equal the checked-in src/Datagrid.Client/api/Datagrid.Client.cs (Azure SDK style).
/// build/approve-api.sh sets DATAGRID_APPROVE_API=1, which makes this test rewrite the file instead.
/// </summary>
public class PublicApiApprovalTests
{
    public const string ApproveCommand = "build/approve-api.sh";
    private const string ApproveVariable = "DATAGRID_APPROVE_API";
    private static readonly string[] ListingPath = ["src", "Datagrid.Client", "api", "Datagrid.Client.cs"];

    [Test]
    public void PublicApiMatchesTheApprovedListing()
    {
        var actual = GenerateListing();
        var path = RepoPaths.Combine(ListingPath);

        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            Assert.Pass($"Wrote {string.Join('/', ListingPath)}; review and commit it.");
        }

        var approved = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (MismatchMessage(approved, actual) is { } message)
        {
            Assert.Fail(message);
        }
    }

    [Test]
    public void MismatchNamesTheApproveCommandAndTheChangedMembers()
    {
        var message = MismatchMessage("namespace Datagrid\n{\n    public void Old() { }\n}\n", "namespace Datagrid\n{\n    public void New() { }\n}\n");

        Assert.That(message, Does.Contain("run build/approve-api.sh"));
        Assert.That(message, Does.Contain("- public void Old() { }").And.Contain("+ public void New() { }"));
        Assert.That(MismatchMessage("same\n", "same\n"), Is.Null);
    }

    internal static string? MismatchMessage(string approved, string actual) => approved == actual ? null : $"""
        The public API of Datagrid.Client differs from the approved {string.Join('/', ListingPath)}.
        If the change is intended, run {ApproveCommand} and commit the updated file so it is reviewed.
        {LineDiff(approved, actual)}
        """;

    [Test]
    public void ListingIsStableAcrossBuilds()
    {
        // Assembly-level attributes that vary per build (commit hash, version) would make approval flaky.
        Assert.That(GenerateListing(), Does.Not.Contain("AssemblyInformationalVersion").And.Not.Contain("AssemblyFileVersion"));
    }

    internal static string GenerateListing() => Datagrid.ApiListing.ApiListing.Generate();

    // Enough to see what moved without a diff library: lines only in one side, in order.
    private static string LineDiff(string approved, string actual)
    {
        var approvedLines = approved.Split('\n');
        var actualLines = actual.Split('\n');
        var removed = approvedLines.Except(actualLines).Select(l => "- " + l.Trim());
        var added = actualLines.Except(approvedLines).Select(l => "+ " + l.Trim());
        return string.Join('\n', removed.Concat(added).Take(60));
    }
}
