namespace Datagrid;

/// <summary>Parses DATAGRID_CUSTOM_HEADERS: one <c>Name: value</c> per line, as the official SDKs read it.</summary>
internal static class CustomHeaderParser
{
    public static IEnumerable<KeyValuePair<string, string>> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new DatagridConfigurationException(
                    $"{EnvironmentVariables.CustomHeaders} line {i + 1} is not of the form 'Name: value'. Put one header per line.");
            }

            yield return new(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
    }
}
