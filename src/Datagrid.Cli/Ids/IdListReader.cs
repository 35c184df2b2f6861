using Datagrid.Cli.Planning;

namespace Datagrid.Cli.Ids;

/// <summary>The rows of an input in memory (short lists and tests); a run streams them through <see cref="IdInput"/> instead.</summary>
internal static class IdListReader
{
    /// <summary>The header line that makes a file a CSV of teamspace and id.</summary>
    public const string CsvHeader = IdInput.CsvHeader;

    /// <summary>Reads and checks the input as <see cref="IdInput.Open"/> does; returns the distinct rows in first-seen order.</summary>
    public static IdList Read(IEnumerable<string> arguments, string? idsFile, TextReader stdin, string? teamspace = null)
    {
        using var input = IdInput.Open(arguments, idsFile, stdin, teamspace);
        var warnings = input.Warnings.ToList();
        if (input.Errors.Count > 0)
        {
            return new IdList([], warnings, input.Errors, 0, input.PerRowTeamspace);
        }

        var plan = WorkPlan.For(input);
        if (plan.DuplicateWarning is { } duplicates)
        {
            warnings.Add(duplicates);
        }

        var filter = input.NewDuplicateFilter();
        var rows = input.ReadRows().Where(r => !filter.IsRepeat(r, out _)).ToList();
        return new IdList(rows, warnings, input.Errors, plan.Duplicates, input.PerRowTeamspace);
    }
}
