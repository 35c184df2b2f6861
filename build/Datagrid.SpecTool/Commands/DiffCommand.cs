using Datagrid.SpecTool.Comparison;
using Datagrid.SpecTool.Loading;
using Datagrid.SpecTool.Output;

namespace Datagrid.SpecTool.Commands;

/// <summary><c>diff OLD NEW [--json]</c>: exit 0 when nothing breaks, 1 on breaking changes.</summary>
internal sealed class DiffCommand(SourceReader reader, TextWriter stdout)
{
    public async Task<int> RunAsync(DiffArguments arguments, CancellationToken cancellationToken)
    {
        var oldSpec = await SpecLoader.LoadAsync(reader, arguments.Old, cancellationToken).ConfigureAwait(false);
        var newSpec = await SpecLoader.LoadAsync(reader, arguments.New, cancellationToken).ConfigureAwait(false);
        var report = ContractComparer.Compare(oldSpec.Document, newSpec.Document, arguments.Old, arguments.New);
        if (arguments.Json)
        {
            JsonReportWriter.Write(report, stdout);
        }
        else
        {
            HumanReportWriter.Write(report, stdout);
        }

        return report.HasBreaking ? ExitCodes.Breaking : ExitCodes.Ok;
    }
}
