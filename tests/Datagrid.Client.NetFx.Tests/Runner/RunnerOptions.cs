using System.Globalization;
using System.Text.RegularExpressions;

namespace Datagrid.Client.NetFx.Tests.Runner;

/// <summary>The runner's command line: where the result XML goes, each test's time limit, which tests run.</summary>
internal sealed class RunnerOptions
{
    public const string Usage =
        "usage: Datagrid.Client.Tests.exe [--result PATH] [--timeout MILLISECONDS] [--filter REGEX]\n" +
        "  --result   write an NUnit 3 result XML file there\n" +
        "  --timeout  each test's time limit (default 120000, as tests/test.runsettings gives dotnet test)\n" +
        "  --filter   run only the tests whose full name matches the regular expression";

    /// <summary>The same limit as <c>dotnet test</c>'s (tests/test.runsettings), so a test is given as long on either runtime.</summary>
    public int TimeoutMilliseconds { get; private set; } = 120_000;

    public string? ResultPath { get; private set; }

    public string? Filter { get; private set; }

    public static bool TryParse(IReadOnlyList<string> args, out RunnerOptions options, out string error)
    {
        options = new RunnerOptions();
        error = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                error = $"{name}: a value is missing";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--result":
                    options.ResultPath = value;
                    break;
                case "--timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0:
                    options.TimeoutMilliseconds = ms;
                    break;
                case "--filter" when IsRegex(value):
                    options.Filter = value;
                    break;
                default:
                    error = $"{name} {value}: not understood";
                    return false;
            }
        }

        return true;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
