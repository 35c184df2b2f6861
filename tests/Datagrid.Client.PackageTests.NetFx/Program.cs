using System.Reflection;
using System.Runtime.Versioning;
using Datagrid;

namespace Datagrid.Client.PackageTests.NetFx;

/// <summary>
/// Usage: Datagrid.Client.PackageTests.NetFx.exe BASE_URL API_KEY ID... Deletes the ids through the packaged client,
/// then one again (404) and one with a wrong key (401), and prints what it saw as "name=value" lines for the test
/// that runs it. Exit code 0 when every step behaved; 1 (and "error=...") when one did not.
/// </summary>
internal static class Program
{
    private const string WrongKey = "wrong-key-0123456789abcdef";

    private static async Task<int> Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: Datagrid.Client.PackageTests.NetFx.exe BASE_URL API_KEY ID...");
            return 2;
        }

        var client = typeof(DatagridClient).Assembly;
        // Mono.Runtime.GetDisplayName is Mono's own; RuntimeInformation would need a facade Mono's runtime package lacks.
        var mono = Type.GetType("Mono.Runtime")?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null);
        Console.WriteLine("runtime=" + (mono is null ? ".NET Framework " + Environment.Version : "Mono " + mono));
        Console.WriteLine("client_path=" + client.Location);
        Console.WriteLine("client_framework=" + client.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);

        try
        {
            using var datagrid = new DatagridClient(new DatagridClientOptions
            {
                BaseUrl = new Uri(args[0]),
                ApiKey = args[1],
                UseEnvironment = false,
            });

            // All at once: the client's limiter paces them to the server's window, and a 429 is retried.
            var ids = args.Skip(2).ToArray();
            await Task.WhenAll(ids.Select(id => datagrid.Memory.DeleteUserMemoryAsync(id)));
            Console.WriteLine("deleted=" + ids.Length);
            Console.WriteLine("rate_limit=" + datagrid.LastRateLimit?.Limit);

            try
            {
                await datagrid.Memory.DeleteUserMemoryAsync(ids[0]);
                Console.WriteLine("error=a second delete of " + ids[0] + " succeeded");
                return 1;
            }
            catch (DatagridNotFoundException e)
            {
                Console.WriteLine("not_found_status=" + e.StatusCode);
            }

            // Past the limit with the limiter off and no retries: the 429's typed body must parse (the generated
            // models need System.ComponentModel.Annotations, which the package brings to .NET Framework).
            using (var unpaced = new DatagridClient(new DatagridClientOptions
            {
                BaseUrl = new Uri(args[0]),
                ApiKey = args[1],
                UseEnvironment = false,
                RateLimiting = { Enabled = false },
                Retry = { MaxRetries = 0 },
            }))
            {
                var refused = await FirstRateLimitAsync(unpaced, ids[0]);
                Console.WriteLine("rate_limited_error=" + (refused?.Body?.Error.ToString() ?? "(none)"));
            }

            using var wrong = new DatagridClient(new DatagridClientOptions { BaseUrl = new Uri(args[0]), ApiKey = WrongKey, UseEnvironment = false });
            try
            {
                await wrong.Memory.DeleteUserMemoryAsync(ids[0]);
                Console.WriteLine("error=a wrong key was accepted");
                return 1;
            }
            catch (DatagridAuthenticationException e)
            {
                Console.WriteLine("auth_status=" + e.StatusCode);
                Console.WriteLine("auth_message_has_key=" + (e.ToString().Contains(WrongKey) || wrong.ToString().Contains(WrongKey)));
            }

            return 0;
        }
        catch (Exception e)
        {
            Console.WriteLine("error=" + e.GetType().FullName + ": " + e.Message.Replace('\n', ' '));
            Console.Error.WriteLine(e);
            return 1;
        }
    }

    private static async Task<DatagridRateLimitException?> FirstRateLimitAsync(DatagridClient client, string goneId)
    {
        for (var i = 0; i < 50; i++)
        {
            try
            {
                await client.Memory.DeleteUserMemoryAsync(goneId);
            }
            catch (DatagridNotFoundException)
            {
                // Within the limit: the id is gone already.
            }
            catch (DatagridRateLimitException e)
            {
                return e;
            }
        }

        return null;
    }
}
