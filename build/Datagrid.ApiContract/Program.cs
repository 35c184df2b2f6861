// Datagrid.ApiContract: the C# side of the contract check.
//   diff OLD NEW [--format text|markdown]   compares two public API listings; exit 0 no breaking change, 1 breaking,
//                                            2 bad input
//   cases                                    the contract matrix's cases: name, additive|breaking, setup, description
//   mutate SPEC OUT [--setup NAME] [--case NAME]
//                                            writes SPEC (OpenAPI 3.x) with a setup and/or a case applied, as JSON
using System.Text.Json;
using Datagrid.ApiContract;
using Datagrid.CodeGen;

const string Usage = "usage: Datagrid.ApiContract diff OLD NEW [--format text|markdown] | cases | mutate SPEC OUT [--setup NAME] [--case NAME]";
try
{
    switch (args)
    {
        case ["diff", var oldPath, var newPath, .. var options]:
        {
            var markdown = options is ["--format", "markdown"];
            if (!markdown && options is not ([] or ["--format", "text"]))
            {
                throw new ArgumentException(Usage);
            }

            var changes = ApiListingComparer.Compare(await Read(oldPath), await Read(newPath));
            Console.Out.Write(markdown ? ApiReportWriter.Markdown(changes) : ApiReportWriter.Text(changes));
            return changes.Any(c => c.Level == ApiChangeLevel.Breaking) ? 1 : 0;
        }

        case ["cases"]:
            foreach (var c in SpecChanges.All)
            {
                Console.WriteLine($"{c.Name}\t{(c.Additive ? "additive" : "breaking")}\t{c.Setup ?? "-"}\t{c.Description}");
            }

            return 0;

        case ["mutate", var specPath, var outPath, .. var options]:
        {
            var spec = await SpecLoader.LoadAsJsonAsync(specPath);
            for (var i = 0; i + 1 < options.Length; i += 2)
            {
                switch (options[i])
                {
                    case "--setup":
                        SpecChanges.ApplySetup(options[i + 1], spec);
                        break;
                    case "--case":
                        var name = options[i + 1];
                        (SpecChanges.All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"Unknown case '{name}'; see 'cases'.")).Apply(spec);
                        break;
                    default:
                        throw new ArgumentException(Usage);
                }
            }

            await File.WriteAllTextAsync(outPath, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or SpecException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

static async Task<string> Read(string path) =>
    File.Exists(path) ? await File.ReadAllTextAsync(path) : throw new ArgumentException($"{path}: no such API listing.");
