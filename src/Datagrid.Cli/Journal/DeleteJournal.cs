using System.Text;
using System.Text.Json;
using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Journal;

/// <summary>
/// Records every result as a JSON line the moment it is known, so a run that is killed or cancelled loses nothing:
/// the next run with the same journal skips the ids already deleted or absent (failed ids are tried again).
/// </summary>
internal sealed class DeleteJournal : IAsyncDisposable
{
    private readonly FileStream stream;
    private readonly FileStream runLock;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TimeProvider time;

    private DeleteJournal(FileStream stream, FileStream runLock, Dictionary<string, DeleteOutcome> done, List<string> warnings, TimeProvider time, JournalContext? context)
    {
        this.stream = stream;
        this.runLock = runLock;
        this.time = time;
        Done = done;
        Warnings = warnings;
        Context = context;
    }

    /// <summary>The base URL, teamspace and key fingerprint the results are recorded for (null: not checked).</summary>
    public JournalContext? Context { get; }

    /// <summary>Ids a previous run finished (deleted or absent), with how.</summary>
    public IReadOnlyDictionary<string, DeleteOutcome> Done { get; }

    /// <summary>Problems found in the existing file (e.g. a line cut short by a crash), which were skipped.</summary>
    public IReadOnlyList<string> Warnings { get; }

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
        var done = new Dictionary<string, DeleteOutcome>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var contexts = new List<JournalContext>();
        var endsWithNewline = true;
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

        FileStream stream;
        try
        {
            if (File.Exists(path))
            {
                endsWithNewline = await ReadAsync(path, shownPath, done, contexts, warnings, cancellationToken).ConfigureAwait(false);
            }

            stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await runLock.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"Cannot open the journal '{shownPath}': {e.Message.TrimEnd('.')}. Give --journal a file path that can be read and written.", e);
        }

        // Only the latest context matters: ids are recorded as done only under it (a switch is refused once any are).
        var recordedContext = contexts.Count > 0 ? contexts[^1] : null;
        var difference = context is null || recordedContext is null ? null : context.Difference(recordedContext);
        if (difference is not null && done.Count > 0)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            await runLock.DisposeAsync().ConfigureAwait(false);
            throw new JournalMismatchException(
                $"The journal '{shownPath}' was written for {difference}. Its ids are recorded as done there, not here, so resuming it " +
                "would skip memories that were never deleted. Give this run a new --journal file (or fix --base-url, --teamspace or the key).");
        }

        if (!endsWithNewline)
        {
            // A kill in the middle of a write leaves a line without its newline; start ours on a fresh line.
            stream.WriteByte((byte)'\n');
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (context is not null && recordedContext is null && done.Count > 0)
        {
            warnings.Add($"Journal '{shownPath}' does not say which base URL, teamspace and key its {done.Count} done id(s) were for (written by an older datagrid); they are taken to be this run's.");
        }

        // A new journal, or one whose earlier runs finished no id (e.g. they all failed on a wrong URL): record what
        // the results from here on are for.
        if (context is not null && (recordedContext is null || difference is not null))
        {
            await WriteLineAsync(stream, JsonSerializer.Serialize(new JournalContextEntry(context, (time ?? TimeProvider.System).GetUtcNow()))).ConfigureAwait(false);
        }

        return new DeleteJournal(stream, runLock, done, warnings, time ?? TimeProvider.System, context);
    }

    /// <summary>Appends <paramref name="result"/> and flushes it to the operating system before returning.</summary>
    /// <remarks>Not cancellable on purpose: a delete that happened must be recorded even while the run is stopping.</remarks>
    public async Task RecordAsync(DeleteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var entry = new JournalEntry(result.Id, ToText(result.Outcome), result.StatusCode, result.Reason, time.GetUtcNow());
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await WriteLineAsync(stream, JsonSerializer.Serialize(entry)).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task WriteLineAsync(FileStream stream, string json)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(json + "\n")).ConfigureAwait(false);

        // To the OS, not to the disk: survives a killed process, costs no fsync per id.
        await stream.FlushAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        await runLock.DisposeAsync().ConfigureAwait(false);
        gate.Dispose();
    }

    /// <summary>Reads the entries of an existing journal; returns whether the file ends with a newline.</summary>
    private static async Task<bool> ReadAsync(
        string path, string shownPath, Dictionary<string, DeleteOutcome> done, List<JournalContext> contexts, List<string> warnings, CancellationToken cancellationToken)
    {
        await using var reading = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using (var reader = new StreamReader(reading, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
        {
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (line.Length > 0)
                {
                    Apply(line, number, done, contexts, warnings, shownPath);
                }
            }
        }

        if (reading.Length == 0)
        {
            return true;
        }

        reading.Seek(-1, SeekOrigin.End);
        return reading.ReadByte() == '\n';
    }

    private static void Apply(string line, int number, Dictionary<string, DeleteOutcome> done, List<JournalContext> contexts, List<string> warnings, string path)
    {
        JournalEntry? entry = null;
        try
        {
            if (line.StartsWith("{\"context\"", StringComparison.Ordinal))
            {
                if (JsonSerializer.Deserialize<JournalContextEntry>(line)?.Context is { BaseUrl: not null, KeyFingerprint: not null } context)
                {
                    contexts.Add(context);
                    return;
                }
            }
            else
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(line);
            }
        }
        catch (JsonException)
        {
        }

        if (entry?.Id is null || FromText(entry.Outcome) is not { } outcome)
        {
            warnings.Add($"Journal '{path}' line {number} is not a journal entry (cut short by a crash?); ignored.");
            return;
        }

        // The last word on an id wins: a failure later retried successfully counts as done.
        if (outcome == DeleteOutcome.Failed)
        {
            done.Remove(entry.Id);
        }
        else
        {
            done[entry.Id] = outcome;
        }
    }

    private static string ToText(DeleteOutcome outcome) => outcome switch
    {
        DeleteOutcome.Deleted => "deleted",
        DeleteOutcome.Absent => "absent",
        _ => "failed",
    };

    private static DeleteOutcome? FromText(string? text) => text switch
    {
        "deleted" => DeleteOutcome.Deleted,
        "absent" => DeleteOutcome.Absent,
        "failed" => DeleteOutcome.Failed,
        _ => null,
    };
}
