using Datagrid.SpecTool.Comparison;
using Datagrid.SpecTool.Loading;
using Datagrid.SpecTool.Output;

namespace Datagrid.SpecTool.Commands;

/// <summary>
/// <c>diff OLD NEW [--format text|json|markdown] [--fail-on breaking|warning] [--relax RULE]</c>: exit 1 when a change
/// at the --fail-on level (default breaking) or worse is found, else 0. Invalid-but-readable specs are compared;
/// their errors are findings (document.invalid).
/// </summary>
internal sealed class DiffCommand(SourceReader reader, TextWriter stdout)
{
    public async Task<int> RunAsync(DiffArguments arguments, CancellationToken cancellationToken)
    {
        var levels = RuleLevels.Relaxing(arguments.Relax);
        var oldSpec = await SpecLoader.LoadAsync(reader, arguments.Old, cancellationToken, LoadMode.Lenient).ConfigureAwait(false);
        var newSpec = await SpecLoader.LoadAsync(reader, arguments.New, cancellationToken, LoadMode.Lenient).ConfigureAwait(false);
        var compared = ContractComparer.Compare(oldSpec.Document, newSpec.Document, arguments.Old, arguments.New, levels);
        var problems = new List<ContractChange>();
        problems.AddRange(oldSpec.Problems.Select(p => new ContractChange(ContractChange.DocumentScope, null, RuleIds.BaseDocumentInvalid, levels.LevelOf(RuleIds.BaseDocumentInvalid), $"{arguments.Old}: {p}")));
        problems.AddRange(newSpec.Problems.Select(p => new ContractChange(ContractChange.DocumentScope, null, RuleIds.DocumentInvalid, levels.LevelOf(RuleIds.DocumentInvalid), $"{arguments.New}: {p}")));
        var report = compared with { Changes = [.. problems, .. compared.Changes] };
        switch (arguments.Format)
        {
            case OutputFormat.Json:
                JsonReportWriter.Write(report, stdout, arguments.FailOn);
                break;
            case OutputFormat.Markdown:
                MarkdownReportWriter.Write(report, stdout);
                break;
            default:
                HumanReportWriter.Write(report, stdout);
                break;
        }

        return report.Fails(arguments.FailOn) ? ExitCodes.Breaking : ExitCodes.Ok;
    }
}
