namespace Datagrid.Cli.Reporting;

/// <summary>The format of <c>--report</c>: JSON lines (default) or CSV with a header.</summary>
internal enum ReportFormat
{
    JsonLines,
    Csv,
}
