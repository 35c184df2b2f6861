namespace Datagrid.SpecTool.Loading;

/// <summary>The raw text of a source and a name for messages.</summary>
internal sealed record SourceText(string Name, string Text);
