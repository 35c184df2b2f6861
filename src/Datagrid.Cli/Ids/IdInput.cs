using System.Globalization;

namespace Datagrid.Cli.Ids;

/// <summary>
/// The input of a bulk delete, read in passes so that memory does not grow with its length: <see cref="Open"/> reads
/// and checks every line once (standard input is spooled to a temporary file on the way), keeping only a 64-bit hash
/// per row to find the few rows that may repeat; <see cref="ReadRows"/> then streams the rows again as often as needed
/// (a plan, then one reader per teamspace). A file is either a plain list (one id per line, teamspace from
/// <c>--teamspace</c>) or a CSV whose first line is the header <c>teamspace,user_memory_id</c>. Reusable by anything
/// that takes the same input.
/// </summary>
internal sealed class IdInput : IDisposable
{
    /// <summary>The header line that makes a file a CSV of teamspace and id.</summary>
    public const string CsvHeader = "teamspace,user_memory_id";

    private const int MaxListed = 5;

    private readonly List<DeleteRow> argumentRows;
    private readonly string? path;
    private readonly bool spooled;
    private readonly string? defaultTeamspace;
    private readonly HashSet<ulong> mayRepeat;
    private readonly (long Length, DateTime Written) fileStamp;

    private IdInput(List<DeleteRow> argumentRows, string? path, bool spooled, string source, string? defaultTeamspace, bool perRow,
        HashSet<ulong> mayRepeat, List<string> warnings, List<string> errors, int rows)
    {
        this.argumentRows = argumentRows;
        this.path = path;
        this.spooled = spooled;
        this.defaultTeamspace = defaultTeamspace;
        this.mayRepeat = mayRepeat;
        Source = source;
        PerRowTeamspace = perRow;
        Warnings = warnings;
        Errors = errors;
        Rows = rows;
        fileStamp = path is null || errors.Count > 0 ? default : Stamp(path);
    }

    /// <summary>How the file is named in messages ("ids.csv", "standard input").</summary>
    public string Source { get; }

    /// <summary>The file was a <c>teamspace,user_memory_id</c> CSV: each row names its teamspace.</summary>
    public bool PerRowTeamspace { get; }

    /// <summary>Things fixed up (blank lines skipped): the run goes on.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Things that make the run impossible (unreadable file, invalid ids or rows, no ids): exit 2.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Valid rows read, duplicates included.</summary>
    public int Rows { get; }

    /// <summary>Reads and checks <paramref name="arguments"/> and <paramref name="idsFile"/> ("-" = <paramref name="stdin"/>).</summary>
    /// <remarks>
    /// Surrounding spaces, tabs and carriage returns are trimmed (CRLF files, pasted lists), and a byte order mark at
    /// the start of a file or of standard input is dropped; any other invisible or control character makes the id
    /// invalid (see <see cref="IdValidator"/>), so the run refuses it instead of deleting another id.
    /// </remarks>
    public static IdInput Open(IEnumerable<string> arguments, string? idsFile, TextReader stdin, string? teamspace = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdin);
        var errors = new List<string>();
        var warnings = new List<string>();
        var problems = new Problems();
        var hashes = new HashLog();
        var argumentRows = new List<DeleteRow>();

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
                problems.Add($"Invalid id '{Printable(row.Id)}' (argument {position}): it {why}.");
                continue;
            }

            argumentRows.Add(row);
            hashes.Add(row);
        }

        var source = "arguments";
        string? path = null;
        var spooled = false;
        var perRow = false;
        if (idsFile is not null)
        {
            source = idsFile == "-" ? "standard input" : idsFile;
            var blank = new List<int>();
            var blankCount = 0;
            StreamWriter? spool = null;
            if (idsFile == "-")
            {
                path = Path.Combine(Path.GetTempPath(), $"datagrid-ids-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
                spool = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16));
                spooled = true;
            }
            else
            {
                path = idsFile;
            }

            try
            {
                var parser = new LineParser(source, teamspace);
                foreach (var raw in ReadLines(idsFile, stdin, errors))
                {
                    spool?.WriteLine(raw);
                    switch (parser.Parse(raw, out var row, out var problem))
                    {
                        case LineKind.Blank:
                            if (++blankCount <= MaxListed + 1)
                            {
                                blank.Add(parser.Number);
                            }

                            break;
                        case LineKind.Problem:
                            problems.Add(problem!);
                            break;
                        case LineKind.Row:
                            hashes.Add(row);
                            break;
                    }
                }

                perRow = parser.PerRow;
            }
            finally
            {
                spool?.Dispose();
            }

            if (blankCount > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Skipped {blankCount} blank line(s) in {source} (line {string.Join(", ", blank.Take(MaxListed))}{(blankCount > MaxListed ? ", ..." : string.Empty)})."));
            }
        }

        problems.AppendTo(errors);
        if (hashes.Count == 0 && errors.Count == 0)
        {
            errors.Add("No ids to delete: pass them as arguments, or with --ids-file FILE (one per line, or a CSV with the header " +
                $"'{CsvHeader}'), or --ids-file - to read standard input.");
        }

        return new IdInput(argumentRows, path, spooled, source, teamspace, perRow, hashes.MayRepeat(), warnings, errors, hashes.Count);
    }

    /// <summary>Every valid row, in input order, duplicates included; reads the file again on each call.</summary>
    /// <exception cref="InvalidOperationException">The file changed since it was checked.</exception>
    public IEnumerable<DeleteRow> ReadRows()
    {
        foreach (var row in argumentRows)
        {
            yield return row;
        }

        if (path is null || Errors.Count > 0)
        {
            yield break;
        }

        if (Stamp(path) != fileStamp)
        {
            throw new InvalidOperationException($"{Source} changed after it was checked; run again on a file that stays put.");
        }

        var parser = new LineParser(Source, defaultTeamspace);
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan));
        while (reader.ReadLine() is { } raw)
        {
            if (parser.Parse(raw, out var row, out _) == LineKind.Row)
            {
                yield return row;
            }
        }
    }

    /// <summary>A new filter that passes each row once (the first time it is seen), for one pass of <see cref="ReadRows"/>.</summary>
    public DuplicateFilter NewDuplicateFilter() => new(mayRepeat);

    public void Dispose()
    {
        if (spooled && path is not null)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // A temporary file left in /tmp is not worth failing the run for.
            }
        }
    }

    internal static string Printable(string id)
    {
        // Control and invisible characters would garble the terminal or hide; show them escaped.
        var shown = string.Concat(id.Select(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator && c != ' '
            ? $"\\u{(int)c:x4}" : c.ToString()));
        return shown.Length > 80 ? shown[..77] + "..." : shown;
    }

    /// <summary>
    /// Only the whitespace of ordinary text files; an NBSP or ideographic space at either end is left for the
    /// validator to refuse, since it cannot be told apart from the id on screen.
    /// </summary>
    private static string TrimOrdinary(string text) => text.Trim(' ', '\t', '\r', '\n');

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, info.LastWriteTimeUtc);
    }

    private static IEnumerable<string> ReadLines(string idsFile, TextReader stdin, List<string> errors)
    {
        StreamReader? file = null;
        try
        {
            file = idsFile == "-" ? null : new StreamReader(new FileStream(idsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan));
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

    private enum LineKind
    {
        Blank,
        Header,
        Problem,
        Row,
    }

    /// <summary>Turns the lines of a file into rows, in order; the same on every pass.</summary>
    private sealed class LineParser(string source, string? teamspace)
    {
        private readonly Dictionary<string, string> teamspaces = new(StringComparer.Ordinal);
        private bool sawContent;

        public int Number { get; private set; }

        public bool PerRow { get; private set; }

        public LineKind Parse(string raw, out DeleteRow row, out string? problem)
        {
            Number++;
            row = default;
            problem = null;
            var line = TrimOrdinary(Number == 1 ? raw.TrimStart('\uFEFF') : raw);
            if (line.Length == 0)
            {
                return LineKind.Blank;
            }

            if (!sawContent)
            {
                sawContent = true;
                if (IsHeader(line))
                {
                    PerRow = true;
                    return LineKind.Header;
                }
            }

            if (!PerRow)
            {
                problem = line.Contains(',', StringComparison.Ordinal)
                    ? $"{source} line {Number} has a comma ('{Printable(line)}'). A CSV of teamspaces and ids needs the header line " +
                      $"'{CsvHeader}' as its first line; a plain list has one id per line."
                    : IdValidator.Problem(line) is { } why ? $"Invalid id '{Printable(line)}' ({source} line {Number}): it {why}." : null;
                row = new DeleteRow(teamspace, line, Number);
                return problem is null ? LineKind.Row : LineKind.Problem;
            }

            problem = ParseCsvRow(line, out var rowTeamspace, out var id);
            if (problem is not null)
            {
                return LineKind.Problem;
            }

            if (!teamspaces.TryGetValue(rowTeamspace, out var shared))
            {
                // One string per teamspace, not one per row.
                teamspaces[rowTeamspace] = shared = rowTeamspace;
            }

            row = new DeleteRow(shared, id, Number);
            return LineKind.Row;
        }

        private static bool IsHeader(string line)
        {
            var fields = line.Split(',');
            return fields.Length == 2
                && string.Equals(fields[0].Trim(), "teamspace", StringComparison.OrdinalIgnoreCase)
                && string.Equals(fields[1].Trim(), "user_memory_id", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Splits a CSV row into teamspace and id; returns what is wrong, or null.</summary>
        private string? ParseCsvRow(string line, out string rowTeamspace, out string id)
        {
            rowTeamspace = id = string.Empty;
            var fields = line.Split(',');
            var where = $"{source} line {Number}";
            if (fields.Length != 2)
            {
                return $"{where} ('{Printable(line)}') has {fields.Length} field(s); each row must be 'teamspace,user_memory_id' (ids and teamspaces contain no comma).";
            }

            rowTeamspace = Unquote(TrimOrdinary(fields[0]));
            id = Unquote(TrimOrdinary(fields[1]));
            if (rowTeamspace.Length == 0)
            {
                return $"{where} has an empty teamspace; put the teamspace id before the comma (or, for one teamspace, use a plain id list with --teamspace).";
            }

            if (IdValidator.Problem(rowTeamspace) is { } teamspaceProblem)
            {
                return $"Invalid teamspace '{Printable(rowTeamspace)}' ({where}): it {teamspaceProblem}.";
            }

            return IdValidator.Problem(id) is { } idProblem ? $"Invalid id '{Printable(id)}' ({where}): it {idProblem}." : null;
        }

        /// <summary>A field written by a spreadsheet may be quoted; the quotes are not part of the value.</summary>
        private static string Unquote(string field) =>
            field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;
    }

    /// <summary>The first few problems word for word, and how many there were.</summary>
    private sealed class Problems
    {
        private readonly List<string> listed = [];
        private int count;

        public void Add(string problem)
        {
            if (++count <= MaxListed)
            {
                listed.Add(problem);
            }
        }

        public void AppendTo(List<string> errors)
        {
            errors.AddRange(listed);
            if (count > MaxListed)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"... and {count - MaxListed} more invalid line(s) or id(s)."));
            }

            if (count > 0)
            {
                errors.Add("Fix or remove the invalid lines and run again; nothing was sent to the API.");
            }
        }
    }

    /// <summary>One 64-bit hash per row, in chunks (no doubling copies), sorted once to find the hashes seen twice.</summary>
    private sealed class HashLog
    {
        private const int ChunkSize = 1 << 20;
        private readonly List<ulong[]> chunks = [];
        private int used = ChunkSize;

        public int Count { get; private set; }

        public void Add(DeleteRow row)
        {
            if (used == ChunkSize)
            {
                chunks.Add(new ulong[ChunkSize]);
                used = 0;
            }

            chunks[^1][used++] = RowHash.High(RowHash.Of(row.Teamspace, row.Id));
            Count++;
        }

        public HashSet<ulong> MayRepeat()
        {
            var all = new ulong[Count];
            var at = 0;
            for (var i = 0; i < chunks.Count; i++)
            {
                var take = Math.Min(ChunkSize, Count - at);
                Array.Copy(chunks[i], 0, all, at, take);
                at += take;
                chunks[i] = [];
            }

            Array.Sort(all);
            var repeated = new HashSet<ulong>();
            for (var i = 1; i < all.Length; i++)
            {
                if (all[i] == all[i - 1])
                {
                    repeated.Add(all[i]);
                }
            }

            return repeated;
        }
    }
}
