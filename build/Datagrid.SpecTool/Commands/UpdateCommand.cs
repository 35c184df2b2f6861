using Datagrid.SpecTool.Comparison;
using Datagrid.SpecTool.Loading;
using Datagrid.SpecTool.Output;
using Microsoft.OpenApi;

namespace Datagrid.SpecTool.Commands;

/// <summary>
/// <c>update SOURCE [--out PATH]</c>: validates the new spec, replaces the target atomically (temp file + move,
/// so bad input never touches it) and prints the contract diff against the previous version.
/// YAML is written verbatim as extracted; JSON input is re-serialized as YAML to keep the repo's form.
/// </summary>
internal sealed class UpdateCommand(SourceReader reader, TextWriter stdout, string workingDirectory)
{
    public async Task<int> RunAsync(UpdateArguments arguments, CancellationToken cancellationToken)
    {
        var newSpec = await SpecLoader.LoadAsync(reader, arguments.Source, cancellationToken).ConfigureAwait(false);
        var text = newSpec.Source.Format == SpecFormat.Yaml ? newSpec.Source.Text : ToYaml(newSpec);
        if (!text.EndsWith('\n'))
        {
            text += "\n";
        }

        var target = Path.GetFullPath(arguments.OutPath, workingDirectory);
        var previous = await LoadPreviousAsync(target, arguments.OutPath, cancellationToken).ConfigureAwait(false);
        if (previous is not null && previous.Value.Text == text)
        {
            await stdout.WriteLineAsync($"{arguments.OutPath} is already up to date with {arguments.Source}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await WriteAtomicallyAsync(target, text, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Wrote {arguments.OutPath} from {arguments.Source} (OpenAPI {newSpec.Document.Info?.Title} {newSpec.Document.Info?.Version}).").ConfigureAwait(false);
        foreach (var warning in newSpec.Warnings)
        {
            await stdout.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (previous?.Spec is not { } previousSpec)
        {
            await stdout.WriteLineAsync(previous is null ? "No previous spec: nothing to compare." : "The previous spec could not be parsed: no contract diff.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var report = ContractComparer.Compare(previousSpec.Document, newSpec.Document, $"previous {arguments.OutPath}", arguments.Source);
        await stdout.WriteLineAsync().ConfigureAwait(false);
        HumanReportWriter.Write(report, stdout);
        if (report.HasBreaking)
        {
            await stdout.WriteLineAsync("Breaking changes: raise the major version (VersionPrefix in Directory.Build.props; the minor version while it is 0.x) before release, or build/check-contract.sh fails in CI.").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static async Task<(string Text, LoadedSpec? Spec)?> LoadPreviousAsync(string target, string name, CancellationToken cancellationToken)
    {
        if (!File.Exists(target))
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(target, cancellationToken).ConfigureAwait(false);
        try
        {
            return (text, SpecLoader.Load(new SourceText(name, text)));
        }
        catch (SpecInputException)
        {
            return (text, null);
        }
    }

    private static async Task WriteAtomicallyAsync(string target, string text, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, cancellationToken).ConfigureAwait(false);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string ToYaml(LoadedSpec spec)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var yaml = new OpenApiYamlWriter(writer);
        spec.Document.SerializeAs(spec.Version, yaml);
        return writer.ToString();
    }
}
