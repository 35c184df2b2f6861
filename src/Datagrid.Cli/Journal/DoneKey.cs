namespace Datagrid.Cli.Journal;

/// <summary>
/// The key of one row in the journal's done set: the id alone without a teamspace, else teamspace and id joined by
/// U+001F, a control character neither may contain (both are validated), so two rows never share a key.
/// </summary>
internal static class DoneKey
{
    public static string Of(string? teamspace, string id) => teamspace is null ? id : string.Concat(teamspace, "\u001F", id);
}
