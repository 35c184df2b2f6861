using PublicApiGenerator;

namespace Datagrid.ApiListing;

/// <summary>The public API listing of Datagrid.Client, as approved in src/Datagrid.Client/api/Datagrid.Client.cs.</summary>
internal static class ApiListing
{
    public static string Generate() =>
        // By name, not typeof(MemoryClient): build/contract-matrix.sh drops a Datagrid.Client.dll regenerated from
        // another spec (where MemoryClient may not exist) beside this tool instead of rebuilding it.
        Generate(System.Reflection.Assembly.Load(new System.Reflection.AssemblyName("Datagrid.Client")));

    /// <summary>The listing of one build of Datagrid.Client (the netstandard2.0 one is compared with it as well).</summary>
    public static string Generate(System.Reflection.Assembly client)
    {
        var options = new ApiGeneratorOptions
        {
            // PublicApiGenerator skips System.* and Microsoft.* namespaces unless allowed; AddDatagridClient lives in
            // Microsoft.Extensions.DependencyInjection by convention and is public API like the rest.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
            ExcludeAttributes =
            [
                "System.Runtime.Versioning.TargetFrameworkAttribute",
                "System.Reflection.AssemblyMetadataAttribute",
                "System.Reflection.AssemblyInformationalVersionAttribute",
                "System.Reflection.AssemblyFileVersionAttribute",
                "System.CodeDom.Compiler.GeneratedCodeAttribute",
                "System.Runtime.CompilerServices.InternalsVisibleToAttribute",
            ],
        };
        return client.GeneratePublicApi(options).ReplaceLineEndings("\n").TrimEnd() + "\n";
    }
}
