namespace Datagrid.SpecTool;

/// <summary>Parsed arguments of <c>update</c>.</summary>
internal sealed record UpdateArguments(string Source, string OutPath);

/// <summary>Parsed arguments of <c>diff</c>.</summary>
internal sealed record DiffArguments(string Old, string New, bool Json);

/// <summary>Hand-rolled parsing: two commands with one option each do not justify a parser dependency.</summary>
internal static class CommandLine
{
    public const string DefaultOutPath = "openapi/datagrid.yaml";

    public static UpdateArguments ParseUpdate(IReadOnlyList<string> args)
    {
        string? source = null;
        var outPath = DefaultOutPath;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--out")
            {
                if (i + 1 >= args.Count)
                {
                    throw new SpecInputException("--out needs a path, e.g. --out openapi/datagrid.yaml.");
                }

                outPath = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new SpecInputException($"Unknown option '{args[i]}' for update.\n{SpecToolApp.Usage}");
            }
            else if (source is null)
            {
                source = args[i];
            }
            else
            {
                throw new SpecInputException($"update takes one SOURCE; got '{source}' and '{args[i]}'.");
            }
        }

        return new UpdateArguments(source ?? throw new SpecInputException($"update needs a SOURCE.\n{SpecToolApp.Usage}"), outPath);
    }

    public static DiffArguments ParseDiff(IReadOnlyList<string> args)
    {
        var json = false;
        var positional = new List<string>();
        foreach (var arg in args)
        {
            if (arg == "--json")
            {
                json = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new SpecInputException($"Unknown option '{arg}' for diff.\n{SpecToolApp.Usage}");
            }
            else
            {
                positional.Add(arg);
            }
        }

        if (positional.Count != 2)
        {
            throw new SpecInputException($"diff needs exactly two specs, OLD and NEW (got {positional.Count}).\n{SpecToolApp.Usage}");
        }

        return new DiffArguments(positional[0], positional[1], json);
    }
}
