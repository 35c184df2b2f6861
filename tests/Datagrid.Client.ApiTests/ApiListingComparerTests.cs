using Datagrid.ApiContract;

namespace Datagrid.Client.ApiTests;

/// <summary>The C# API gate of build/check-contract.sh: which listing changes break callers and which do not.</summary>
public class ApiListingComparerTests
{
    private const string Before = """
        namespace Datagrid
        {
            public sealed class DeleteUserMemoryParameters
            {
                public DeleteUserMemoryParameters() { }
            }
            public interface IMemoryClient
            {
                System.Threading.Tasks.Task DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken cancellationToken = default);
            }
            public class MemoryClient : Datagrid.IMemoryClient
            {
                [Datagrid.DatagridOperation("DELETE", "user-memories/{user_memory_id}", "204")]
                public virtual System.Threading.Tasks.Task DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken cancellationToken = default) { }
            }
            public enum RateLimitErrorCode
            {
                RateLimitExceeded = 0,
            }
        }
        """;

    [Test]
    public void SameListingHasNoChanges()
    {
        Assert.That(ApiListingComparer.Compare(Before, Before), Is.Empty);
        var real = File.ReadAllText(RepoPaths.Combine("src", "Datagrid.Client", "api", "Datagrid.Client.cs"));
        Assert.That(ApiListingComparer.Compare(real, real), Is.Empty);
    }

    [Test]
    public void ParameterInsertedBeforeTheTokenIsBreakingAndNamesBothForms()
    {
        var after = Before.Replace("(string userMemoryId, System.Threading.CancellationToken", "(string userMemoryId, bool? hardDelete = null, System.Threading.CancellationToken", StringComparison.Ordinal);

        var changes = ApiListingComparer.Compare(Before, after);

        Assert.That(changes.Select(c => (c.Level, c.Kind, c.Type)), Is.EquivalentTo(new[]
        {
            (ApiChangeLevel.Breaking, "member.changed", "Datagrid.IMemoryClient"),
            (ApiChangeLevel.Breaking, "member.changed", "Datagrid.MemoryClient"),
        }));
        var client = changes.Single(c => c.Type == "Datagrid.MemoryClient");
        Assert.That(client.Old, Does.Contain("DeleteUserMemoryAsync(string userMemoryId, System.Threading.CancellationToken"));
        Assert.That(client.New, Does.Contain("bool? hardDelete = null"));
    }

    [Test]
    public void NewPropertyTypeAndOverloadAreInfoAndANewInterfaceMemberIsAWarning()
    {
        var after = Before
            .Replace("public DeleteUserMemoryParameters() { }", "public DeleteUserMemoryParameters() { }\n        public bool? HardDelete { get; set; }", StringComparison.Ordinal)
            .Replace("    public interface IMemoryClient", "    public sealed class ListParameters\n    {\n    }\n    public interface IMemoryClient", StringComparison.Ordinal)
            .Replace("cancellationToken = default);", "cancellationToken = default);\n        System.Threading.Tasks.Task ListAsync(System.Threading.CancellationToken cancellationToken = default);", StringComparison.Ordinal);

        var changes = ApiListingComparer.Compare(Before, after);

        Assert.That(changes.Select(c => (c.Level, c.Kind, c.Type)), Is.EquivalentTo(new[]
        {
            (ApiChangeLevel.Info, "member.added", "Datagrid.DeleteUserMemoryParameters"),
            (ApiChangeLevel.Info, "type.added", "Datagrid.ListParameters"),
            (ApiChangeLevel.Warning, "interface-member.added", "Datagrid.IMemoryClient"),
        }));
    }

    [Test]
    public void RemovedTypeIsReportedOnceAndRemovedMemberOrEnumValueIsBreaking()
    {
        var after = Before
            .Replace("    public sealed class DeleteUserMemoryParameters\n    {\n        public DeleteUserMemoryParameters() { }\n    }\n", string.Empty, StringComparison.Ordinal)
            .Replace("        RateLimitExceeded = 0,\n", string.Empty, StringComparison.Ordinal);

        var changes = ApiListingComparer.Compare(Before, after);

        Assert.That(changes.Select(c => (c.Level, c.Kind, c.Type)), Is.EquivalentTo(new[]
        {
            (ApiChangeLevel.Breaking, "type.removed", "Datagrid.DeleteUserMemoryParameters"),
            (ApiChangeLevel.Breaking, "member.removed", "Datagrid.RateLimitErrorCode"),
        }));
    }

    [Test]
    public void ChangedOperationAttributeIsABreakingChangeOfTheMethod()
    {
        // A renamed path or a changed success status changes no signature; the attribute records it.
        var after = Before.Replace("\"user-memories/{user_memory_id}\"", "\"memories/{user_memory_id}\"", StringComparison.Ordinal);

        var change = ApiListingComparer.Compare(Before, after).Single();

        Assert.That((change.Level, change.Kind, change.Type), Is.EqualTo((ApiChangeLevel.Breaking, "member.changed", "Datagrid.MemoryClient")));
        Assert.That(change.New, Does.Contain("\"memories/{user_memory_id}\""));
    }

    [Test]
    public void TextAndMarkdownReportsCountEachLevel()
    {
        var changes = ApiListingComparer.Compare(Before, Before.Replace("RateLimitExceeded = 0,", "RateLimitExceeded = 0,\n        Other = 1,", StringComparison.Ordinal));

        Assert.That(ApiReportWriter.Text(changes), Does.Contain("INFO     member.added").And.EndWith("0 breaking, 0 warning, 1 info change(s).\n"));
        Assert.That(ApiReportWriter.Markdown(changes), Does.StartWith("#### C# API").And.Contain("**info** `member.added` in `Datagrid.RateLimitErrorCode`"));
        Assert.That(ApiReportWriter.Markdown([]), Does.Contain("No change to the public API."));
    }
}
