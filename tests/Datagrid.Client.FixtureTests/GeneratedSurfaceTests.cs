using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Datagrid.Client.FixtureTests;

/// <summary>
/// The fixture spec has a second tag, inline response objects (nested, and two list operations of the same shape that
/// NSwag alone names Response/Response2, Data/Data2, Pagination/Pagination2), inline enums and declared 404s. What was
/// generated from it, with no hand edit, must read like a hand-written .NET API.
/// </summary>
public partial class GeneratedSurfaceTests
{
    private static readonly Assembly Generated = typeof(MemoryClient).Assembly;

    [Test]
    public void InlineSchemasAreNamedAfterTheirOperationAndRole()
    {
        var names = Generated.GetExportedTypes().Where(t => t.Namespace == "Datagrid" && !t.IsGenericType).Select(t => t.Name).ToHashSet();

        Assert.That(names, Is.SupersetOf(new[]
        {
            "ListUserMemoriesResponse", "ListUserMemoriesResponseDataItem", "ListUserMemoriesResponsePagination",
            "ListUserMemoriesResponseDataItemKind", "ListUserMemoriesResponseDataItemSource", "ListUserMemoriesResponseDataItemSourceChannel",
            "ListAgentsResponse", "ListAgentsResponseDataItem", "ListAgentsResponsePagination",
            "GetAgentNotFoundError", "RateLimitErrorDetails", "RateLimitErrorCode", "ListUserMemoriesSortOrder",
        }));
        Assert.That(names.Where(n => NumberedOrAnonymous().IsMatch(n)), Is.Empty, "numbered or anonymous type names");
        Assert.That(names, Has.None.AnyOf("Details", "RateLimitErrorError", "Response", "Data", "Pagination"));
    }

    [Test]
    public void TheRootClientHasOnePropertyPerTag()
    {
        var tags = typeof(DatagridClient).GetProperties()
            .Where(p => p.PropertyType.IsSubclassOf(typeof(DatagridClientBase)))
            .ToDictionary(p => p.Name, p => p.PropertyType);

        Assert.That(tags, Is.EquivalentTo(new Dictionary<string, Type> { ["Memory"] = typeof(MemoryClient), ["Agents"] = typeof(AgentsClient) }));
        Assert.That(typeof(IDatagridClient).GetProperty("Agents")?.PropertyType, Is.EqualTo(typeof(IAgentsClient)));
    }

    [Test]
    public void NoGeneratorInternalsArePublicOrProtected()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var visible = Generated.GetExportedTypes()
            .SelectMany(t => t.GetMembers(All).Where(IsVisibleOutside).Select(m => $"{t.Name}.{m.Name}"))
            .ToList();

        Assert.That(
            visible.Where(m => Regex.IsMatch(m, "ReadResponseAsString|JsonSerializerSettings|ObjectResponseResult|ReadObjectResponse|CreateHttpClient|UpdateJsonSerializerSettings")),
            Is.Empty);
        Assert.That(Generated.GetExportedTypes().Select(t => t.Name), Has.None.Contains("ObjectResponseResult"));
    }

    [Test]
    public void OperationsDocumentTheTypedExceptionsTheyThrow()
    {
        var getAgent = Documentation("M:Datagrid.AgentsClient.GetAgentAsync(System.String,System.Threading.CancellationToken)");
        var listAgents = Documentation("M:Datagrid.AgentsClient.ListAgentsAsync(Datagrid.ListAgentsParameters,System.Threading.CancellationToken)");
        var limit = Documentation("P:Datagrid.ListAgentsParameters.Limit");
        var rawDelete = Documentation("M:Datagrid.MemoryClientWithRawResponse.DeleteUserMemoryAsync(System.String,System.Threading.CancellationToken)");

        Assert.Multiple(() =>
        {
            Assert.That(Exceptions(getAgent), Does.ContainKey("T:Datagrid.DatagridNotFoundException"));
            Assert.That(Exceptions(getAgent)["T:Datagrid.DatagridNotFoundException"], Does.Contain("No agent has this id."));
            Assert.That(Exceptions(listAgents), Does.Not.ContainKey("T:Datagrid.DatagridNotFoundException"), "no 404 declared");
            Assert.That(Exceptions(listAgents).Keys, Is.SupersetOf(new[]
            {
                "T:Datagrid.DatagridRateLimitException", "T:Datagrid.DatagridAuthenticationException", "T:Datagrid.DatagridServerException",
                "T:Datagrid.DatagridApiException", "T:Datagrid.DatagridConnectionException", "T:Datagrid.DatagridTimeoutException",
            }));
            Assert.That(Exceptions(rawDelete), Does.ContainKey("T:Datagrid.DatagridNotFoundException"));
            Assert.That(listAgents.Element("remarks")?.Value, Does.Contain("a page at a time"));
            Assert.That(listAgents.Elements("param").Select(p => p.Attribute("name")?.Value), Is.EqualTo(new[] { "parameters", "cancellationToken" }));
            Assert.That(limit.Element("remarks")?.Value, Does.Contain("query parameter <c>limit</c>").Or.Contain("query parameter limit"));
            Assert.That(getAgent.ToString(), Does.Not.Contain("UnexpectedResponseException"));
        });
    }

    [Test]
    public void EveryConstructorNamesItsOptionsParameterOptions()
    {
        var parameters = Generated.GetExportedTypes()
            .SelectMany(t => t.GetConstructors())
            .SelectMany(c => c.GetParameters())
            .Where(p => p.ParameterType == typeof(DatagridClientOptions));

        Assert.That(parameters.Select(p => p.Name).Distinct(), Is.EqualTo(new[] { "options" }));
    }

    private static bool IsVisibleOutside(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        Type t => t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem,
        _ => false,
    };

    private static XElement Documentation(string member)
    {
        var file = Path.ChangeExtension(Generated.Location, ".xml");
        var docs = XDocument.Load(file);
        return docs.Descendants("member").SingleOrDefault(m => m.Attribute("name")?.Value == member)
            ?? throw new AssertionException($"{member} is not documented in {file}.");
    }

    private static Dictionary<string, string> Exceptions(XElement member) =>
        member.Elements("exception")
            .GroupBy(e => e.Attribute("cref")!.Value)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Value)));

    [GeneratedRegex(@"(\d$|^Anonymous)")]
    private static partial Regex NumberedOrAnonymous();
}
