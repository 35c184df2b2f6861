namespace Datagrid.SpecTool.Loading;

/// <summary>The text format of an extracted spec.</summary>
internal enum SpecFormat
{
    Yaml,
    Json,
}

/// <summary>The spec text found in a source, and whether it came out of a documentation page.</summary>
internal sealed record ExtractedSpec(string Text, SpecFormat Format, bool FromPage);
