// Datagrid.CodeGen: writes the "code-generation view" of an OpenAPI document, the file NSwag actually reads.
//
// The checked-in spec stays verbatim (it is Datagrid's contract); this view changes only names that do not travel on
// the wire, so that NSwag emits .NET names:
//   * operationId "Memory.deleteUserMemory" -> "deleteUserMemory" (NSwag splits on '_', never on '.', so the
//     client would otherwise get a method called Memory_deleteUserMemoryAsync);
//   * parameters get "x-originalName" in camelCase ("user_memory_id" -> userMemoryId), which NSwag uses for the C#
//     parameter name while the wire name (path placeholder, query key, header) stays as the spec says;
//   * a deprecated property whose .NET name would collide with a current one ("statusCode" beside "status_code")
//     is left out of the view; it is still readable through the model's AdditionalProperties;
//   * every inline object or enum schema moves to components/schemas under a name from its operation and role
//     (ListUserMemoriesResponse, RateLimitErrorDetails, RateLimitErrorCode; see InlineSchemaNames.cs), so NSwag never
//     invents "Anonymous", "Details" or numbered names ("Response2").
// Schema property names are PascalCased by the Class.liquid template override (src/Datagrid.Client/Templates).
using Datagrid.CodeGen;

if (args is ["--operations", var specPath])
{
    // For build/update-spec.sh: the operations and the client methods they become.
    try
    {
        foreach (var line in OperationList.Lines(await SpecLoader.LoadAsJsonAsync(specPath)))
        {
            Console.WriteLine(line);
        }

        return 0;
    }
    catch (SpecException ex)
    {
        Console.Error.WriteLine($"{specPath}: error: {ex.Message}");
        return 1;
    }
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Datagrid.CodeGen <spec.yaml|spec.json> <codegen-view.json>\n       Datagrid.CodeGen --operations <spec>");
    return 2;
}

try
{
    var json = await SpecLoader.LoadAsJsonAsync(args[0]);
    var view = CodegenView.Create(json);
    var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(args[1]));
    if (outputDirectory is not null)
    {
        Directory.CreateDirectory(outputDirectory);
    }

    await File.WriteAllTextAsync(args[1], view.ToJsonString(new() { WriteIndented = true }));
    return 0;
}
catch (SpecException ex)
{
    Console.Error.WriteLine($"{args[0]}: error: {ex.Message}");
    return 1;
}
