using System.Reflection;
using System.Runtime.Versioning;
using Datagrid.Client.NetFx.Tests.Runner;

namespace Datagrid.Client.NetFx.Tests;

/// <summary>
/// Runs this assembly's NUnit tests in-process (NUnit's framework API; no console runner or test adapter exists for
/// Mono here) and ends with the line "N passed, N failed". Exit code 0 only when tests ran and none failed.
/// </summary>
internal static partial class Program
{
    private static int Main(string[] args)
    {
        if (!RunnerOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(RunnerOptions.Usage);
            return 2;
        }

        // What is under test (UnderTest.cs, one per runner project): a library's netstandard2.0 build, on this runtime.
        // Anything else is a setup error.
        var library = UnderTest;
        var framework = library.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        var mono = Type.GetType("Mono.Runtime")?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null);
        Console.WriteLine($"{library.GetName().Name} {framework} ({library.Location}) on {(mono is null ? ".NET Framework " + Environment.Version : "Mono " + mono)}");
        if (framework != ".NETStandard,Version=v2.0")
        {
            Console.Error.WriteLine($"error: these tests are for {library.GetName().Name}'s netstandard2.0 build; the build loaded targets {framework}");
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
