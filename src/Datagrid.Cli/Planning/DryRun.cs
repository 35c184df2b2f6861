using System.Globalization;
using Datagrid.Cli.Commands;
using Datagrid.Cli.Deleting;
using Datagrid.Cli.Ids;
using Datagrid.Cli.Journal;

namespace Datagrid.Cli.Planning;

/// <summary>`--dry-run`: the checks and the plan of a real run, and nothing sent (no client is even created).</summary>
internal static class DryRun
{
    private const int MaxTeamspacesListed = 10;

    /// <summary>Prints the plan; returns 0 when the run would start, 2 when it would be refused.</summary>
    public static async Task<int> RunAsync(DeleteSettings settings, IdInput input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        JournalContents? journal = null;
        if (settings.JournalPath is { } path)
        {
            try
            {
                journal = await DeleteJournal.InspectAsync(path, settings.JournalContext, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new UsageException(e.Message);
            }

            foreach (var warning in journal.Warnings)
            {
                await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }
        }

        if (settings.ReportPath is { } report && Path.GetDirectoryName(Path.GetFullPath(report)) is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"Cannot write the report '{report}': its folder does not exist. Give --report a file path that can be written.");
        }

        var done = journal?.Done;
        var plan = WorkPlan.For(input, done is null ? null : row => done.Contains(row.Teamspace, row.Id));
        if (plan.DuplicateWarning is { } duplicates)
        {
            await error.WriteLineAsync($"warning: {duplicates}").ConfigureAwait(false);
        }

        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync("Dry run: nothing was sent.").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"  rows read:               {plan.Rows}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"  duplicates (once each):  {plan.Duplicates}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"  invalid:                 0")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"  already done (journal):  {plan.AlreadyDone}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"  to delete:               {plan.ToSend}")).ConfigureAwait(false);
        if (settings.PerRowTeamspace)
        {
            foreach (var (teamspace, count) in plan.ToSendPerTeamspace.Take(MaxTeamspacesListed))
            {
                await output.WriteLineAsync(string.Create(c, $"    teamspace {teamspace}: {count}")).ConfigureAwait(false);
            }

            if (plan.ToSendPerTeamspace.Count > MaxTeamspacesListed)
            {
                await output.WriteLineAsync(string.Create(c, $"    ... and {plan.ToSendPerTeamspace.Count - MaxTeamspacesListed} more teamspace(s)")).ConfigureAwait(false);
            }
        }

        var window = settings.RateLimitWindow ?? DeleteJob.DefaultWindow;
        var (limit, source) = settings.RateLimit is { } given ? (given, "--rate-limit")
            : journal?.Budget is { } learned ? (learned.Limit, "the limit the last run learned (journal)")
            : ((int?)null, (string?)null);
        if (journal?.Budget is { } recorded && settings.RateLimit is null)
        {
            window = TimeSpan.FromSeconds(recorded.WindowSeconds);
        }

        await output.WriteLineAsync(limit is { } l
            ? string.Create(c, $"  earliest finish:         {plan.EarliestFinish(l, window).TotalSeconds:0.#} s at {l} requests per {window.TotalSeconds:0.###} s window per teamspace ({source})")
            : "  earliest finish:         unknown: give --rate-limit N, or run once with --journal (it records the limit the server reports)").ConfigureAwait(false);

        if (plan.MaxDeleteRefusal(settings.MaxDelete) is { } refusal)
        {
            await error.WriteLineAsync($"error: {refusal}").ConfigureAwait(false);
            await output.WriteLineAsync("The run would be refused.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        await output.WriteLineAsync("The run would start.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
