using System.Text;

namespace Datagrid.Cli.Journal;

/// <summary>
/// Appends lines to a stream one at a time, each handed to the operating system before the call returns (the stream
/// is unbuffered), for the journal and the report. The first failed write (disk full, file removed, permission lost)
/// is reported as a <see cref="JournalWriteException"/> naming the file, and every later write fails the same way;
/// closing never throws, since nothing is buffered to lose.
/// </summary>
internal sealed class LineAppender(Stream stream, string what) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Exception? broken;

    /// <exception cref="JournalWriteException">The line could not be written.</exception>
    public async Task WriteLineAsync(string line)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (broken is not null)
            {
                // Worded like the first failure: with several deletes in flight, any of them may be the one the summary shows.
                throw new JournalWriteException($"Cannot write to the {what}: {broken.Message.TrimEnd('.')} (an earlier write failed)", broken);
            }

            // To the OS, not to the disk: survives a killed process, costs no fsync per line.
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException && e is not JournalWriteException)
        {
            broken = e;
            throw new JournalWriteException($"Cannot write to the {what}: {e.Message.TrimEnd('.')}", e);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing is buffered here; a failing close has nothing left to lose, and a failure was reported already.
        }

        gate.Dispose();
    }
}
