using System.Text.Json;
using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Journal;

/// <summary>
/// Records every result as a JSON line the moment it is known, so a run that is killed or cancelled loses nothing:
/// the next run with the same journal skips the rows already deleted or absent (failed ones are tried again).
/// </summary>
/// <remarks>
/// Writes go straight to the operating system (no buffer in this process): a write that fails (disk full, file
/// removed) fails in <see cref="RecordAsync"/>, where the caller stops the run, and never again on dispose.
/// </remarks>
internal sealed class DeleteJournal : IAsyncDisposable
{
    private readonly LineAppender lines;
    private readonly FileStream? runLock;
    private readonly TimeProvider time;

    private DeleteJournal(Stream stream, FileStream? runLock, JournalContents contents, TimeProvider time, JournalContext? context, string shownPath)
    {
        lines = new LineAppender(stream, $"journal '{shownPath}'");
        this.runLock = runLock;
        this.time = time;
        Done = contents.Done;
        Warnings = contents.Warnings;
        Budget = contents.Budget;
        Context = context;
    }

    /// <summary>The base URL, teamspace and key fingerprint the results are recorded for (null: not checked).</summary>
    public JournalContext? Context { get; }

    /// <summary>Rows a previous run finished (deleted or absent).</summary>
    public DoneSet Done { get; }

    /// <summary>Problems found in the existing file (e.g. a line cut short by a crash), which were skipped.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The rate limit the last run that learned one recorded, or null.</summary>
    public JournalBudget? Budget { get; }

    /// <summary>Whether an earlier run finished the row (<paramref name="teamspace"/>, <paramref name="id"/>).</summary>
    public bool IsDone(string? teamspace, string id) => Done.Contains(teamspace, id);

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> and reads what earlier runs recorded.</summary>
    /// <remarks>
    /// A run holds an exclusive lock on <c>FILE.lock</c> while the journal is open: two runs writing one journal
    /// would overwrite each other's lines, so the second is refused with a clear message. The lock is the
    /// operating system's, so a killed run leaves none behind (at most an unlocked file, reused next time). The
    /// lock is taken next to the real file (symbolic links resolved), so a link to a journal cannot bypass it.
    /// With a <paramref name="context"/>, the journal records it, and refuses to be resumed under another base URL,
    /// teamspace or key once it holds any done id: those would be skipped while they were never deleted there. (A
    /// journal with only failures, such as a run against a wrong URL, is resumed and records the new context.)
    /// </remarks>
    /// <exception cref="IOException">The file cannot be read or written; the message says which file and why.</exception>
    /// <exception cref="JournalMismatchException">The journal was written under another context.</exception>
    public static async Task<DeleteJournal> OpenAsync(string path, JournalContext? context = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var shownPath = path;
        path = RealPath.Resolve(path);
        var lockPath = path + ".lock";
        FileStream runLock;
        try
        {
            runLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (File.Exists(lockPath))
        {
            throw new IOException($"The journal '{shownPath}' is in use by another datagrid run (it holds '{lockPath}'). Wait for that run to finish, or give this one another --journal.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot open the journal '{shownPath}': {e.Message.TrimEnd('.')}. Give --journal a file path that can be read and written.", e);
        }

        JournalContents contents;
        Stream stream;
        try
        {
            contents = await ReadCheckedAsync(path, shownPath, context, cancellationToken).ConfigureAwait(false);
            stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await runLock.DisposeAsync().ConfigureAwait(false);
            if (e is JournalMismatchException)
            {
                throw;
            }

            throw new IOException($"Cannot open the journal '{shownPath}': {e.Message.TrimEnd('.')}. Give --journal a file path that can be read and written.", e);
        }

        var journal = new DeleteJournal(stream, runLock, contents, time ?? TimeProvider.System, context, shownPath);
        try
        {
            await journal.StartAsync(contents, context).ConfigureAwait(false);
        }
        catch (JournalWriteException)
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return journal;
    }

    /// <summary>
    /// Reads the journal at <paramref name="path"/> without writing or locking it (<c>--dry-run</c>); a missing file is
    /// an empty journal. Refuses another context exactly as <see cref="OpenAsync"/> does.
    /// </summary>
    public static async Task<JournalContents> InspectAsync(string path, JournalContext? context, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return await ReadCheckedAsync(RealPath.Resolve(path), path, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e is not JournalMismatchException))
        {
            throw new IOException($"Cannot read the journal '{path}': {e.Message.TrimEnd('.')}. Give --journal a file path that can be read.", e);
        }
    }

    /// <summary>A journal over <paramref name="stream"/> (tests: a stream whose writes fail).</summary>
    internal static DeleteJournal OverStream(Stream stream, string name) =>
        new(stream, null, new JournalContents(new DoneSet(), [], null, null, true), TimeProvider.System, null, name);

    /// <summary>Appends <paramref name="result"/> and hands it to the operating system before returning.</summary>
    /// <remarks>Not cancellable on purpose: a delete that happened must be recorded even while the run is stopping.</remarks>
    /// <exception cref="JournalWriteException">The line could not be written; every later call fails the same way.</exception>
    public async Task RecordAsync(DeleteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var entry = new JournalEntry(result.Id, ToText(result.Outcome), result.StatusCode, result.Reason, result.At ?? time.GetUtcNow())
        {
            Teamspace = result.Teamspace,
        };
        await WriteAsync(JsonSerializer.Serialize(entry)).ConfigureAwait(false);
    }

    /// <summary>Records the rate limit this run learned, for a later dry run's estimate.</summary>
    public Task RecordBudgetAsync(JournalBudget budget) =>
        WriteAsync(JsonSerializer.Serialize(new JournalBudgetEntry(budget, time.GetUtcNow())));

    private async Task StartAsync(JournalContents contents, JournalContext? context)
    {
        if (!contents.EndsWithNewline)
        {
            // A kill in the middle of a write leaves a line without its newline; start ours on a fresh line.
            await WriteAsync(string.Empty).ConfigureAwait(false);
        }

        // A new journal, or one whose earlier runs finished no id (e.g. they all failed on a wrong URL): record what
        // the results from here on are for.
        if (context is not null && (contents.Context is null || context.Difference(contents.Context) is not null))
        {
            await WriteAsync(JsonSerializer.Serialize(new JournalContextEntry(context, time.GetUtcNow()))).ConfigureAwait(false);
        }
    }

    private Task WriteAsync(string json) => lines.WriteLineAsync(json);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await lines.DisposeAsync().ConfigureAwait(false);
        if (runLock is not null)
        {
            await runLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<JournalContents> ReadCheckedAsync(string path, string shownPath, JournalContext? context, CancellationToken cancellationToken)
    {
        var contents = File.Exists(path)
            ? await JournalReader.ReadAsync(path, shownPath, context?.RowTeamspace, cancellationToken).ConfigureAwait(false)
            : new JournalContents(new DoneSet(), [], null, null, true);

        // Only the latest context matters: ids are recorded as done only under it (a switch is refused once any are).
        var difference = context is null || contents.Context is null ? null : context.Difference(contents.Context);
        if (difference is not null && contents.Done.Count > 0)
        {
            throw new JournalMismatchException(
                $"The journal '{shownPath}' was written for {difference}. Its ids are recorded as done there, not here, so resuming it " +
                "would skip memories that were never deleted. Give this run a new --journal file (or fix --base-url, --teamspace or the key).");
        }

        if (context is not null && contents.Context is null && contents.Done.Count > 0)
        {
            contents.Warnings.Add($"Journal '{shownPath}' does not say which base URL, teamspace and key its {contents.Done.Count} done id(s) were for (written by an older datagrid); they are taken to be this run's.");
        }

        return contents;
    }

    internal static string ToText(DeleteOutcome outcome) => outcome switch
    {
        DeleteOutcome.Deleted => "deleted",
        DeleteOutcome.Absent => "absent",
        _ => "failed",
    };
}
