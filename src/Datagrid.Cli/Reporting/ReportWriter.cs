using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Journal;

namespace Datagrid.Cli.Reporting;

/// <summary>
/// The per-id report (<c>--report FILE</c>): one record per id, written as each result arrives, for people and other
/// tools; the journal stays the record a resumed run reads. Fields: id, teamspace, outcome (deleted, absent,
/// failed), status (last HTTP status, empty when none came), attempts, request_id (the server's X-Request-Id), time
/// (ISO 8601 UTC), reason (why it failed). Writes go straight to the operating system, so a failing disk fails
/// the write in <see cref="WriteAsync"/> (and the run stops), never later.
/// </summary>
internal sealed class ReportWriter : IAsyncDisposable
{
    /// <summary>The CSV header (and the JSON field names, in order).</summary>
    public const string CsvHeader = "id,teamspace,outcome,status,attempts,request_id,time,reason";

    private readonly LineAppender lines;
    private readonly ReportFormat format;

    private ReportWriter(Stream stream, ReportFormat format, string shownPath)
    {
        lines = new LineAppender(stream, $"report '{shownPath}'");
        this.format = format;
    }

    /// <summary>Creates (or replaces) the report at <paramref name="path"/> and writes the CSV header.</summary>
    /// <exception cref="IOException">The file cannot be created or written: the message says which and what to do.</exception>
    public static async Task<ReportWriter> CreateAsync(string path, ReportFormat format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var why = e switch
            {
                DirectoryNotFoundException => "its folder does not exist",
                UnauthorizedAccessException when Directory.Exists(path) => "it is a folder",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message.TrimEnd('.'),
            };
            throw new IOException($"Cannot write the report '{path}': {why}. Give --report a file path that can be written.", e);
        }

        var writer = new ReportWriter(stream, format, path);
        if (format == ReportFormat.Csv)
        {
            await writer.WriteRawAsync(CsvHeader).ConfigureAwait(false);
        }

        return writer;
    }

    /// <summary>A report over <paramref name="stream"/> (tests, and other commands writing elsewhere).</summary>
    public static ReportWriter Over(Stream stream, ReportFormat format, string name) => new(stream, format, name);

    /// <summary>Writes one record.</summary>
    /// <exception cref="JournalWriteException">The record could not be written; every later call fails the same way.</exception>
    public Task WriteAsync(DeleteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var at = (result.At ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var line = format == ReportFormat.Csv
            ? string.Join(',',
                Csv(result.Id),
                Csv(result.Teamspace ?? string.Empty),
                DeleteJournal.ToText(result.Outcome),
                result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                result.Attempts?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                Csv(result.RequestId ?? string.Empty),
                at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                Csv(result.Reason ?? string.Empty))
            : JsonSerializer.Serialize(new ReportRecord(
                result.Id, result.Teamspace, DeleteJournal.ToText(result.Outcome), result.StatusCode, result.Attempts, result.RequestId, at, result.Reason));
        return WriteRawAsync(line);
    }

    private Task WriteRawAsync(string line) => lines.WriteLineAsync(line);

    /// <summary>Quotes a CSV field when it holds a comma, quote or line break (a reason may; ids cannot).</summary>
    internal static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc />
    public ValueTask DisposeAsync() => lines.DisposeAsync();

    private sealed record ReportRecord(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("teamspace")] string? Teamspace,
        [property: JsonPropertyName("outcome")] string Outcome,
        [property: JsonPropertyName("status")] int? Status,
        [property: JsonPropertyName("attempts")] int? Attempts,
        [property: JsonPropertyName("request_id")] string? RequestId,
        [property: JsonPropertyName("time")] DateTimeOffset Time,
        [property: JsonPropertyName("reason")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
}
