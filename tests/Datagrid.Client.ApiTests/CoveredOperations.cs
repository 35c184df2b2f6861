namespace Datagrid.Client.ApiTests;

/// <summary>One line of covered-operations.txt.</summary>
internal sealed record CoveredOperation(string OperationId, string ClientClass, string Method);

/// <summary>Reads the checked-in list of covered operations.</summary>
internal static class CoveredOperations
{
    public const string FileName = "covered-operations.txt";

    public static IReadOnlyList<CoveredOperation> Load()
    {
        var path = RepoPaths.Combine("tests", "Datagrid.Client.ApiTests", FileName);
        return File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(Parse)
            .ToList();
    }

    private static CoveredOperation Parse(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var member = parts.Length == 2 ? parts[1].Split('.') : [];
        if (member.Length != 2)
        {
            throw new FormatException($"{FileName}: '{line}' is not 'operationId  ClientClass.MethodAsync'.");
        }

        return new CoveredOperation(parts[0], member[0], member[1]);
    }
}
