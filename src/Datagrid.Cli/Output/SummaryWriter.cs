using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Datagrid.Cli.Deleting;

namespace Datagrid.Cli.Output;

/// <summary>Prints a <see cref="DeleteSummary"/> as text or JSON.</summary>
internal static class SummaryWriter
{
    private const int MaxFailuresListed = 20;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the summary for people.</summary>
    public static void WriteText(TextWriter output, DeleteSummary summary, ThrottleFigures? throttling = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(summary.WriteFailure is not null ? "Stopped: a result could not be recorded. Summary so far:"
            : summary.SignalExitCode == ExitCodes.Terminated ? "Terminated (SIGTERM). Summary so far:"
            : summary.Cancelled ? "Cancelled. Summary so far:" : "Summary:");
        output.WriteLine(string.Create(c, $"  deleted:            {summary.Deleted}"));
        output.WriteLine(string.Create(c, $"  already absent:     {summary.Absent}"));
        output.WriteLine(string.Create(c, $"  failed:             {summary.Failed.Count}"));
        if (summary.SkippedFromJournal > 0)
        {
            output.WriteLine(string.Create(c, $"  done in earlier run (journal): {summary.SkippedFromJournal}"));
        }

        if (summary.NotAttempted > 0)
        {
            output.WriteLine(string.Create(c, $"  not attempted:      {summary.NotAttempted}"));
        }

        if (summary.NotRecorded.Count > 0)
        {
            output.WriteLine(string.Create(c, $"  not recorded:       {summary.NotRecorded.Count} (in flight when the run stopped: will be retried on resume)"));
        }

        output.WriteLine(string.Create(c, $"  of {summary.Total} id(s) in {summary.Elapsed.TotalSeconds:0.0} s"));
        if (throttling is not null)
        {
            output.WriteLine(string.Create(c, $"  requests sent:      {throttling.Requests} ({throttling.Throttled} answered 429 Too Many Requests)"));
            if (throttling.TheoreticalMinimum is { } minimum)
            {
                output.WriteLine(string.Create(c, $"  elapsed vs minimum: {summary.Elapsed.TotalSeconds:0.0} s (the rate limit allows {minimum.TotalSeconds:0.0} s at best)"));
            }
        }

        if (summary.StoppedBecause is { } why)
        {
            output.WriteLine($"Stopped early: {why}");
        }

        if (summary.WriteFailure is { } write)
        {
            output.WriteLine($"Stopped sending: {write}");
        }

        foreach (var failure in summary.Failed.Take(MaxFailuresListed))
        {
            output.WriteLine($"  failed {Shown(failure)}: {failure.Reason}");
        }

        foreach (var id in summary.NotRecorded.Take(MaxFailuresListed))
        {
            output.WriteLine($"  not recorded {id}: will be retried on resume");
        }

        if (summary.NotRecorded.Count > MaxFailuresListed)
        {
            output.WriteLine(string.Create(c, $"  ... and {summary.NotRecorded.Count - MaxFailuresListed} more not recorded (all retried on resume)."));
        }

        if (summary.Failed.Count > MaxFailuresListed)
        {
            output.WriteLine(string.Create(c, $"  ... and {summary.Failed.Count - MaxFailuresListed} more failure(s) (see the journal or use --json)."));
        }

        if (summary.WriteFailure is not null)
        {
            output.WriteLine("Free space or fix the file, then run the same command again: with --journal, ids recorded as done are skipped and the rest is sent.");
        }
        else if (summary.StoppedBecause is not null)
        {
            // The same command would stop the same way: the cause has to be fixed first.
            output.WriteLine("Fix what stopped the run, then run the command again (with --journal FILE, ids already done are skipped).");
        }
        else if (summary.Cancelled || summary.NotAttempted > 0 || summary.Failed.Count > 0)
        {
            output.WriteLine("Run the same command again to finish the rest (with --journal FILE, ids already done are skipped).");
        }
    }

    private static string Shown(DeleteResult result) => result.Teamspace is { } teamspace ? $"{result.Id} (teamspace {teamspace})" : result.Id;

    /// <summary>Writes the summary as one JSON object.</summary>
    public static void WriteJson(TextWriter output, DeleteSummary summary, ThrottleFigures? throttling = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        var document = new
        {
            summary.Total,
            summary.Deleted,
            summary.Absent,
            FailedCount = summary.Failed.Count,
            Failed = summary.Failed.Select(f => new { f.Id, f.Teamspace, Status = f.StatusCode, f.Reason }),
            NotRecorded = summary.NotRecorded,
            summary.SkippedFromJournal,
            summary.NotAttempted,
            summary.Cancelled,
            summary.StoppedBecause,
            summary.WriteFailure,
            ElapsedSeconds = Math.Round(summary.Elapsed.TotalSeconds, 3),
            Requests = throttling?.Requests,
            Throttled = throttling?.Throttled,
            TheoreticalMinimumSeconds = throttling?.TheoreticalMinimum?.TotalSeconds,
            summary.ExitCode,
        };
        output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }
}
