namespace Datagrid.Cli.Tests;

/// <summary>Reads a journal another process may be writing: how many complete result lines it holds so far.</summary>
internal static class JournalLines
{
    public static int Results(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);

            // Results only: the journal's other lines say what they are for (context) and what was learned (budget).
            return reader.ReadToEnd().Split('\n').Count(line => line.Contains("\"outcome\"", StringComparison.Ordinal) && line.EndsWith('}'));
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
