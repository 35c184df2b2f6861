namespace Datagrid.SpecTool.Comparison;

/// <summary>How hard a change hits callers of the generated client; declared in this order so sorting puts breaking first.</summary>
internal enum Level
{
    /// <summary>Breaks existing callers (compile time or run time): exit 1.</summary>
    Breaking,

    /// <summary>May break some callers; exit 0 unless <c>--fail-on warning</c>.</summary>
    Warning,

    /// <summary>Worth listing, breaks nobody.</summary>
    Info,
}

/// <summary>Spelling of levels in outputs and on the command line.</summary>
internal static class LevelNames
{
    public static string Name(this Level level) => level switch
    {
        Level.Breaking => "breaking",
        Level.Warning => "warning",
        _ => "info",
    };

    public static Level? Parse(string text) => text.ToLowerInvariant() switch
    {
        "breaking" => Level.Breaking,
        "warning" => Level.Warning,
        "info" => Level.Info,
        _ => null,
    };
}
