using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Datagrid.Client.ApiTests;

/// <summary>One operation of the checked-in spec.</summary>
internal sealed record SpecOperation(string Method, string Path, string? OperationId, IReadOnlyList<string> PathParameters)
{
    public override string ToString() => $"{Method} {Path} ({OperationId ?? "no operationId"})";
}

/// <summary>Enumerates the operations of openapi/datagrid.yaml with Microsoft.OpenApi.</summary>
internal static class SpecOperations
{
    public static IReadOnlyList<SpecOperation> Load()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var text = File.ReadAllText(RepoPaths.Combine("openapi", "datagrid.yaml"));
        var result = OpenApiDocument.Parse(text, "yaml", settings);
        Assert.That(result.Diagnostic?.Errors, Is.Empty, "openapi/datagrid.yaml must parse without errors");
        return (result.Document?.Paths ?? [])
            .SelectMany(path => (path.Value.Operations ?? []).Select(op => new SpecOperation(
                op.Key.Method.ToUpperInvariant(),
                path.Key,
                op.Value.OperationId,
                (op.Value.Parameters ?? []).Concat(path.Value.Parameters ?? [])
                    .Where(p => p.In == ParameterLocation.Path)
                    .Select(p => p.Name ?? string.Empty)
                    .Distinct()
                    .ToList())))
            .ToList();
    }
}
