using System.Diagnostics;

namespace Datagrid.SpecTool.Loading;

/// <summary>Reads a source argument: a file, an http(s) URL, or <c>git:REV:path</c>.</summary>
internal sealed class SourceReader(string workingDirectory)
{
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(30);

    public async Task<SourceText> ReadAsync(string source, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new SpecInputException("The source is empty: pass a file path, an http(s) URL or git:REV:path.");
        }

        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadUrlAsync(source, cancellationToken).ConfigureAwait(false);
        }

        if (source.StartsWith("git:", StringComparison.Ordinal))
        {
            return await ReadGitAsync(source, cancellationToken).ConfigureAwait(false);
        }

        var path = Path.GetFullPath(source, workingDirectory);
        if (!File.Exists(path))
        {
            throw new SpecInputException($"File not found: {source} (resolved to {path}). Check the path.");
        }

        return new SourceText(source, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<SourceText> ReadUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new SpecInputException($"Not a valid URL: {url}.");
        }

        using var http = new HttpClient { Timeout = HttpTimeout };
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SpecInputException($"Fetching {url} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}. Check the URL or download the page and pass the file.");
            }

            return new SourceText(url, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException e)
        {
            throw new SpecInputException($"Could not fetch {url}: {e.Message} Check the URL and the network, or download the page and pass the file.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpecInputException($"Fetching {url} timed out after {HttpTimeout.TotalSeconds:0} s.", e);
        }
    }

    private async Task<SourceText> ReadGitAsync(string source, CancellationToken cancellationToken)
    {
        // git:REV:path; REV may not contain ':' but the path part is taken verbatim.
        var rest = source["git:".Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == rest.Length - 1)
        {
            throw new SpecInputException($"'{source}' is not of the form git:REV:path, e.g. git:v1.0.0:openapi/datagrid.yaml.");
        }

        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("show");
        startInfo.ArgumentList.Add($"{rest[..colon]}:{rest[(colon + 1)..]}");
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new SpecInputException("Could not start git.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SpecInputException($"Could not run git to read {source}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new SpecInputException($"git could not read {source}: {(await stderr.ConfigureAwait(false)).Trim()}");
            }

            return new SourceText(source, await stdout.ConfigureAwait(false));
        }
    }
}
