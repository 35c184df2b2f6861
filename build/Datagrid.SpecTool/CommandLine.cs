using Datagrid.SpecTool.Comparison;

namespace Datagrid.SpecTool;

/// <summary>Parsed arguments of <c>update</c>.</summary>
internal sealed record UpdateArguments(string Source, string OutPath);

/// <summary>Output format of <c>diff</c> and <c>rules</c>.</summary>
internal enum OutputFormat
{
    Text,
    Json,
    Markdown,
}

/// <summary>Parsed arguments of <c>diff</c>.</summary>
internal sealed record DiffArguments(string Old, string New, OutputFormat Format, Level FailOn, IReadOnlyList<string> Relax)
{
    public bool Json => Format == OutputFormat.Json;
}

/// <summary>Hand-rolled parsing: a few commands with a few options each do not justify a parser dependency.</summary>
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
        var format = OutputFormat.Text;
        var failOn = Level.Breaking;
        var relax = new List<string>();
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--json":
                    format = OutputFormat.Json;
                    break;
                case "--format":
                    format = ParseFormat(Value(args, ref i, "--format needs text, json or markdown."));
                    break;
                case "--fail-on":
                    var level = Value(args, ref i, "--fail-on needs breaking or warning.");
                    failOn = LevelNames.Parse(level) is { } parsed and not Level.Info ? parsed
                        : throw new SpecInputException($"--fail-on takes breaking or warning, not '{level}'.");
                    break;
                case "--relax":
                    relax.AddRange(Value(args, ref i, "--relax needs a rule id, e.g. --relax response-enum.value-removed.").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new SpecInputException($"Unknown option '{arg}' for diff.\n{SpecToolApp.Usage}");
                    }

                    positional.Add(arg);
                    break;
            }
        }

        if (positional.Count != 2)
        {
            throw new SpecInputException($"diff needs exactly two specs, OLD and NEW (got {positional.Count}).\n{SpecToolApp.Usage}");
        }

        return new DiffArguments(positional[0], positional[1], format, failOn, relax);
    }

    public static OutputFormat ParseRules(IReadOnlyList<string> args)
    {
        var format = OutputFormat.Text;
        for (var i = 0; i < args.Count; i++)
        {
            format = args[i] switch
            {
                "--json" => OutputFormat.Json,
                "--format" => ParseFormat(Value(args, ref i, "--format needs text, json or markdown.")),
                _ => throw new SpecInputException($"Unknown argument '{args[i]}' for rules.\n{SpecToolApp.Usage}"),
            };
        }

        return format;
    }

    private static OutputFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "text" => OutputFormat.Text,
        "json" => OutputFormat.Json,
        "markdown" or "md" => OutputFormat.Markdown,
        _ => throw new SpecInputException($"--format takes text, json or markdown, not '{text}'."),
    };

    private static string Value(IReadOnlyList<string> args, ref int i, string missing) =>
        i + 1 < args.Count ? args[++i] : throw new SpecInputException(missing);
}
