namespace Datagrid.Cli.Ids;

/// <summary>Collects ids from the command line and from a file or standard input, and checks them.</summary>
internal static class IdListReader
{
    private const int MaxListed = 5;

    /// <summary>
    /// Reads <paramref name="arguments"/> then, if given, <paramref name="idsFile"/> ("-" = <paramref name="stdin"/>),
    /// one id per line. Surrounding whitespace is trimmed (CRLF files, pasted lists).
    /// </summary>
    public static IdList Read(IEnumerable<string> arguments, string? idsFile, TextReader stdin)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdin);
        var entries = new List<(string Id, string Where)>();
        var errors = new List<string>();
        var warnings = new List<string>();

        var position = 0;
        foreach (var argument in arguments)
        {
            position++;
            if (argument.StartsWith('-'))
            {
                // The parser hands unknown options to the ids argument; a typo must not become a delete.
                errors.Add($"Unknown option '{Printable(argument)}'. Run 'datagrid user-memories delete --help' for the options; an id that really starts with '-' can be given in --ids-file.");
                continue;
            }

            entries.Add((argument.Trim(), $"argument {position}"));
        }

        if (idsFile is not null)
        {
            var source = idsFile == "-" ? "standard input" : idsFile;
            var lines = ReadLines(idsFile, stdin, errors);
            var blank = new List<int>();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0)
                {
                    blank.Add(i + 1);
                    continue;
                }

                entries.Add((line, $"{source} line {i + 1}"));
            }

            if (blank.Count > 0)
            {
                warnings.Add($"Skipped {blank.Count} blank line(s) in {source} (line {List(blank)}).");
            }
        }

        var hostile = entries
            .Select(e => (e.Id, e.Where, Problem: IdValidator.Problem(e.Id)))
            .Where(e => e.Problem is not null)
            .ToList();
        foreach (var (id, where, problem) in hostile.Take(MaxListed))
        {
            errors.Add($"Invalid id '{Printable(id)}' ({where}): it {problem}.");
        }

        if (hostile.Count > MaxListed)
        {
            errors.Add($"... and {hostile.Count - MaxListed} more invalid id(s).");
        }

        if (hostile.Count > 0)
        {
            errors.Add("Fix or remove the invalid ids and run again; nothing was deleted.");
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new List<string>();
        var duplicates = new List<string>();
        foreach (var (id, where) in entries)
        {
            if (seen.TryGetValue(id, out var first))
            {
                duplicates.Add($"'{Printable(id)}' ({where}, first at {first})");
                continue;
            }

            seen[id] = where;
            ids.Add(id);
        }

        if (duplicates.Count > 0)
        {
            warnings.Add($"Ignored {duplicates.Count} duplicate id(s), each is deleted once: {string.Join(", ", duplicates.Take(MaxListed))}{(duplicates.Count > MaxListed ? ", ..." : string.Empty)}.");
        }

        if (ids.Count == 0 && errors.Count == 0)
        {
            errors.Add("No ids to delete: pass them as arguments, or with --ids-file FILE (one per line), or --ids-file - to read standard input.");
        }

        return new IdList(errors.Count > 0 ? [] : ids, warnings, errors);
    }

    private static List<string> ReadLines(string idsFile, TextReader stdin, List<string> errors)
    {
        var lines = new List<string>();
        try
        {
            using var reader = idsFile == "-" ? null : new StreamReader(idsFile);
            var source = reader ?? stdin;
            while (source.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = e switch
            {
                FileNotFoundException => "the file does not exist",
                DirectoryNotFoundException => "its folder does not exist",
                UnauthorizedAccessException when Directory.Exists(idsFile) => "it is a folder, not a file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            errors.Add($"Cannot read --ids-file '{idsFile}': {why}. Give a readable text file with one id per line, or - for standard input.");
        }

        return lines;
    }

    private static string List(List<int> numbers) =>
        string.Join(", ", numbers.Take(MaxListed)) + (numbers.Count > MaxListed ? ", ..." : string.Empty);

    private static string Printable(string id)
    {
        // Control characters would garble the terminal; show them escaped.
        var shown = string.Concat(id.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return shown.Length > 80 ? shown[..77] + "..." : shown;
    }
}
