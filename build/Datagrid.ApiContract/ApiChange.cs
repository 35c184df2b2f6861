namespace Datagrid.ApiContract;

/// <summary>How a change to the public API affects existing callers.</summary>
internal enum ApiChangeLevel
{
    /// <summary>Existing callers compile and run unchanged (a new type or member).</summary>
    Info,

    /// <summary>Callers are unaffected, hand-written implementations of an interface must add the member.</summary>
    Warning,

    /// <summary>Existing callers' source or binaries break (a member removed or changed).</summary>
    Breaking,
}

/// <summary>One difference between two API listings.</summary>
/// <param name="Level">What it does to callers.</param>
/// <param name="Kind">Short rule id: type.removed, member.changed, interface-member.added, ...</param>
/// <param name="Type">The type concerned.</param>
/// <param name="Old">The declaration before (null when added).</param>
/// <param name="New">The declaration after (null when removed).</param>
internal sealed record ApiChange(ApiChangeLevel Level, string Kind, string Type, string? Old, string? New);
