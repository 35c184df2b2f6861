using Datagrid.Client.NetFx.Tests.Runner;

namespace Datagrid.Client.NetFx.Tests;

/// <summary>
/// Runs this assembly's NUnit tests in-process (NUnit's framework API; no console runner or test adapter exists for
/// Mono here) and ends with the line "N passed, N failed". Exit code 0 only when tests ran and none failed.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (!RunnerOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(RunnerOptions.Usage);
            return 2;
        }

        var outcome = TestRun.Execute(typeof(Program).Assembly, options);
        if (outcome.Passed + outcome.Failed == 0)
        {
            Console.Error.WriteLine("no tests ran");
        }

        Console.WriteLine($"{outcome.Passed} passed, {outcome.Failed} failed");
        return outcome.Succeeded ? 0 : 1;
    }
}
