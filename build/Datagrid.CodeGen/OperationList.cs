using System.Text.Json.Nodes;

namespace Datagrid.CodeGen;

/// <summary>
/// One line per operation of a spec: <c>operationId METHOD /path Client.MethodAsync</c>, tab-separated, with the
/// names the generated client gives it. build/update-spec.sh uses it to say exactly what CI will ask for.
/// </summary>
public static class OperationList
{
    public static IEnumerable<string> Lines(JsonObject spec)
    {
        foreach (var (path, method, operation) in CodegenView.Operations(spec))
        {
            var id = operation["operationId"]?.GetValue<string>() ?? throw new SpecException($"{method.ToUpperInvariant()} {path} has no operationId.");
            var tag = (operation["tags"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? string.Empty;
            var client = Names.ToPascalCase(tag) + "Client";
            var name = Names.ToPascalCase(id[(id.LastIndexOf('.') + 1)..]) + "Async";
            yield return $"{id}\t{method.ToUpperInvariant()}\t{path}\t{client}.{name}";
        }
    }
}
