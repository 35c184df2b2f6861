namespace Datagrid.Cli.Ids;

/// <summary>The rows to delete, in first-seen order and without duplicates, plus what was wrong with the input.</summary>
/// <param name="Rows">Usable rows.</param>
/// <param name="Warnings">Things fixed up (blank lines skipped, duplicates dropped): the run goes on.</param>
/// <param name="Errors">Things that make the run impossible (unreadable file, invalid ids or rows, no ids): exit 2.</param>
/// <param name="Duplicates">How many rows repeated an earlier one (each is deleted once).</param>
/// <param name="PerRowTeamspace">The input was a <c>teamspace,user_memory_id</c> CSV: each row names its teamspace.</param>
internal sealed record IdList(IReadOnlyList<DeleteRow> Rows, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors, int Duplicates = 0, bool PerRowTeamspace = false)
{
    /// <summary>The ids of <see cref="Rows"/>.</summary>
    public IReadOnlyList<string> Ids => [.. Rows.Select(r => r.Id)];
}
