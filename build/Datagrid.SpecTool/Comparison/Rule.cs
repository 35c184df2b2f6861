namespace Datagrid.SpecTool.Comparison;

/// <summary>A rule of the contract diff: stable id, default level, one line of why (the api-updates guide's table, <c>--json</c>, <c>rules</c>).</summary>
/// <param name="Stricter">The project is stricter here than the peer tools (oasdiff, openapi-diff); <c>--relax</c> exists for it.</param>
internal sealed record Rule(string Id, Level Level, string Why, bool Stricter = false);
