namespace Datagrid.Cli.Ids;

/// <summary>One row to delete: the user memory id, its teamspace (null: none, or the client's), and where it was read.</summary>
/// <param name="Teamspace">The teamspace sent as <c>Datagrid-Teamspace</c>; null sends none.</param>
/// <param name="Id">The user memory id.</param>
/// <param name="Line">The line of the input file, or the position among the command-line arguments.</param>
/// <param name="FromArgument">True when the id was given on the command line.</param>
internal readonly record struct DeleteRow(string? Teamspace, string Id, int Line, bool FromArgument = false)
{
    /// <summary>Where the row came from, for messages: "argument 2", "ids.csv line 7".</summary>
    public string Where(string source) => FromArgument ? $"argument {Line}" : $"{source} line {Line}";

    /// <summary>Rows are the same work when teamspace and id are (where they were read does not matter).</summary>
    public static IEqualityComparer<DeleteRow> SameWork { get; } = new WorkComparer();

    private sealed class WorkComparer : IEqualityComparer<DeleteRow>
    {
        public bool Equals(DeleteRow x, DeleteRow y) =>
            string.Equals(x.Id, y.Id, StringComparison.Ordinal) && string.Equals(x.Teamspace, y.Teamspace, StringComparison.Ordinal);

        public int GetHashCode(DeleteRow row) => HashCode.Combine(StringComparer.Ordinal.GetHashCode(row.Id), row.Teamspace is null ? 0 : StringComparer.Ordinal.GetHashCode(row.Teamspace));
    }
}
