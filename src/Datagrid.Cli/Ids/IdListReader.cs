using System.Globalization;

namespace Datagrid.Cli.Ids;

/// <summary>
/// Collects the rows to delete from the command line and from a file or standard input, and checks them. A file is
/// either a plain list (one id per line, teamspace from <c>--teamspace</c>) or a CSV whose first line is the header
/// <c>teamspace,user_memory_id</c> (each row names its teamspace). Reusable by anything that takes the same input.
/// </summary>
internal static class IdListReader
{
    /// <summary>The header line that makes a file a CSV of teamspace and id.</summary>
    public const string CsvHeader = "teamspace,user_memory_id";

    private const int MaxListed = 5;

    /// <summary>
    /// Reads <paramref name="arguments"/> then, if given, <paramref name="idsFile"/> ("-" = <paramref name="stdin"/>).
    /// Surrounding spaces, tabs and carriage returns are trimmed (CRLF files, pasted lists), and a byte order mark at
    /// the start of a file or of standard input is dropped; any other invisible or control character makes the id
    /// invalid (see <see cref="IdValidator"/>), so the run refuses it instead of deleting another id.
    /// </summary>
    /// <param name="arguments">Ids given on the command line.</param>
    /// <param name="idsFile">A file, "-" for standard input, or null.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="teamspace">The teamspace of plain-list and argument rows (<c>--teamspace</c>), or null.</param>
    public static IdList Read(IEnumerable<string> arguments, string? idsFile, TextReader stdin, string? teamspace = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdin);
        var rows = new List<DeleteRow>();
        var errors = new List<string>();
        var problems = new List<string>();
        var problemCount = 0;
        var warnings = new List<string>();
        var perRow = false;
        string source = "arguments";

        void Problem(string text)
        {
            if (++problemCount <= MaxListed)
            {
                problems.Add(text);
            }
        }

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

            var row = new DeleteRow(teamspace, TrimOrdinary(argument), position, FromArgument: true);
            if (IdValidator.Problem(row.Id) is { } why)
            {
                Problem($"Invalid id '{Printable(row.Id)}' (argument {position}): it {why}.");
            }
            else
            {
                rows.Add(row);
            }
        }

        if (idsFile is not null)
        {
            source = idsFile == "-" ? "standard input" : idsFile;
            var blank = new List<int>();
            var teamspaces = new Dictionary<string, string>(StringComparer.Ordinal);
            var number = 0;
            var sawContent = false;
            foreach (var raw in ReadLines(idsFile, stdin, errors))
            {
                number++;
                var line = TrimOrdinary(number == 1 ? raw.TrimStart('\uFEFF') : raw);
                if (line.Length == 0)
                {
                    blank.Add(number);
                    continue;
                }

                if (!sawContent)
                {
                    sawContent = true;
                    if (IsHeader(line))
                    {
                        perRow = true;
                        continue;
                    }
                }

                if (!perRow)
                {
                    if (line.Contains(',', StringComparison.Ordinal))
                    {
                        Problem($"{source} line {number} has a comma ('{Printable(line)}'). A CSV of teamspaces and ids needs the header line " +
                            $"'{CsvHeader}' as its first line; a plain list has one id per line.");
                    }
                    else if (IdValidator.Problem(line) is { } why)
                    {
                        Problem($"Invalid id '{Printable(line)}' ({source} line {number}): it {why}.");
                    }
                    else
                    {
                        rows.Add(new DeleteRow(teamspace, line, number));
                    }

                    continue;
                }

                if (ParseCsvRow(line, source, number, out var rowTeamspace, out var id) is { } rowProblem)
                {
                    Problem(rowProblem);
                    continue;
                }

                if (!teamspaces.TryGetValue(rowTeamspace, out var shared))
                {
                    // One string per teamspace, not one per row.
                    teamspaces[rowTeamspace] = shared = rowTeamspace;
                }

                rows.Add(new DeleteRow(shared, id, number));
            }

            if (blank.Count > 0)
            {
                warnings.Add($"Skipped {blank.Count} blank line(s) in {source} (line {List(blank)}).");
            }
        }

        errors.AddRange(problems);
        if (problemCount > MaxListed)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"... and {problemCount - MaxListed} more invalid line(s) or id(s)."));
        }

        if (problemCount > 0)
        {
            errors.Add("Fix or remove the invalid lines and run again; nothing was deleted.");
        }

        var seen = new Dictionary<DeleteRow, DeleteRow>(DeleteRow.SameWork);
        var distinct = new List<DeleteRow>(rows.Count);
        var duplicates = new List<string>();
        var duplicateCount = 0;
        foreach (var row in rows)
        {
            if (seen.TryGetValue(row, out var first))
            {
                if (++duplicateCount <= MaxListed)
                {
                    duplicates.Add($"'{Printable(row.Id)}' ({row.Where(source)}, first at {first.Where(source)})");
                }

                continue;
            }

            seen[row] = row;
            distinct.Add(row);
        }

        if (duplicateCount > 0)
        {
            warnings.Add($"Ignored {duplicateCount} duplicate id(s), each is deleted once: {string.Join(", ", duplicates)}{(duplicateCount > MaxListed ? ", ..." : string.Empty)}.");
        }

        if (distinct.Count == 0 && errors.Count == 0)
        {
            errors.Add("No ids to delete: pass them as arguments, or with --ids-file FILE (one per line, or a CSV with the header " +
                $"'{CsvHeader}'), or --ids-file - to read standard input.");
        }

        return new IdList(errors.Count > 0 ? [] : distinct, warnings, errors, duplicateCount, perRow);
    }

    private static bool IsHeader(string line)
    {
        var fields = line.Split(',');
        return fields.Length == 2
            && string.Equals(fields[0].Trim(), "teamspace", StringComparison.OrdinalIgnoreCase)
            && string.Equals(fields[1].Trim(), "user_memory_id", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Splits a CSV row into teamspace and id; returns what is wrong, or null.</summary>
    private static string? ParseCsvRow(string line, string source, int number, out string teamspace, out string id)
    {
        teamspace = id = string.Empty;
        var fields = line.Split(',');
        var where = $"{source} line {number}";
        if (fields.Length != 2)
        {
            return $"{where} ('{Printable(line)}') has {fields.Length} field(s); each row must be 'teamspace,user_memory_id' (ids and teamspaces contain no comma).";
        }

        teamspace = Unquote(TrimOrdinary(fields[0]));
        id = Unquote(TrimOrdinary(fields[1]));
        if (teamspace.Length == 0)
        {
            return $"{where} has an empty teamspace; put the teamspace id before the comma (or, for one teamspace, use a plain id list with --teamspace).";
        }

        if (IdValidator.Problem(teamspace) is { } teamspaceProblem)
        {
            return $"Invalid teamspace '{Printable(teamspace)}' ({where}): it {teamspaceProblem}.";
        }

        return IdValidator.Problem(id) is { } idProblem ? $"Invalid id '{Printable(id)}' ({where}): it {idProblem}." : null;
    }

    /// <summary>A field written by a spreadsheet may be quoted; the quotes are not part of the value.</summary>
    private static string Unquote(string field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;

    private static IEnumerable<string> ReadLines(string idsFile, TextReader stdin, List<string> errors)
    {
        StreamReader? file = null;
        try
        {
            file = idsFile == "-" ? null : new StreamReader(idsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add(CannotRead(idsFile, e));
            yield break;
        }

        using (file)
        {
            var source = (TextReader?)file ?? stdin;
            while (true)
            {
                string? line;
                try
                {
                    line = source.ReadLine();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add(CannotRead(idsFile, e));
                    yield break;
                }

                if (line is null)
                {
                    yield break;
                }

                yield return line;
            }
        }
    }

    private static string CannotRead(string idsFile, Exception e)
    {
        var why = e switch
        {
            FileNotFoundException => "the file does not exist",
            DirectoryNotFoundException => "its folder does not exist",
            UnauthorizedAccessException when Directory.Exists(idsFile) => "it is a folder, not a file",
            UnauthorizedAccessException => "permission denied",
            _ => e.Message,
        };
        return $"Cannot read --ids-file '{idsFile}': {why}. Give a readable text file with one id per line, or - for standard input.";
    }

    /// <summary>
    /// Only the whitespace of ordinary text files; an NBSP or ideographic space at either end is left for the
    /// validator to refuse, since it cannot be told apart from the id on screen.
    /// </summary>
    private static string TrimOrdinary(string text) => text.Trim(' ', '\t', '\r', '\n');

    private static string List(List<int> numbers) =>
        string.Join(", ", numbers.Take(MaxListed)) + (numbers.Count > MaxListed ? ", ..." : string.Empty);

    internal static string Printable(string id)
    {
        // Control and invisible characters would garble the terminal or hide; show them escaped.
        var shown = string.Concat(id.Select(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator && c != ' '
            ? $"\\u{(int)c:x4}" : c.ToString()));
        return shown.Length > 80 ? shown[..77] + "..." : shown;
    }
}
