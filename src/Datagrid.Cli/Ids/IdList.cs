namespace Datagrid.Cli.Ids;

/// <summary>The ids to delete, in first-seen order and without duplicates, plus what was wrong with the input.</summary>
/// <param name="Ids">Usable ids.</param>
/// <param name="Warnings">Things fixed up (blank lines skipped, duplicates dropped): the run goes on.</param>
/// <param name="Errors">Things that make the run impossible (unreadable file, hostile ids, no ids): exit 2.</param>
internal sealed record IdList(IReadOnlyList<string> Ids, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors);
