using System.CommandLine;
using System.Globalization;
using Datagrid.LocalServer;

namespace Datagrid.Cli.Commands;

/// <summary>`datagrid serve`: runs <see cref="LocalDatagridServer"/> until Ctrl+C.</summary>
internal sealed class ServeCommand(CliApp app, TextWriter output, TextWriter error)
{
    private readonly Option<int> port = new("--port") { Description = "Loopback port (0 picks a free one).", DefaultValueFactory = _ => 5080 };
    private readonly Option<int> limit = new("--limit") { Description = "Requests per sliding window.", DefaultValueFactory = _ => 200 };
    private readonly Option<double> window = new("--window") { Description = "Window length in seconds.", DefaultValueFactory = _ => 60 };
    private readonly Option<int> seed = new("--seed") { Description = "Memories to create: mem_000001, mem_000002, ...", DefaultValueFactory = _ => 100 };
    private readonly Option<string?> apiKey = new("--api-key") { Description = $"The API key the server accepts [default: {LocalServerOptions.DefaultApiKey}]" };
    private readonly Option<double> errorRate = new("--error-rate") { Description = "Share (0-1) of accepted requests answered 500." };
    private readonly Option<double> dropRate = new("--drop-rate") { Description = "Share (0-1) of accepted requests whose connection is dropped." };
    private readonly Option<int> latency = new("--latency-ms") { Description = "Milliseconds added to every accepted request." };
    private readonly Option<int> faultSeed = new("--fault-seed") { Description = "Seed of the fault generator (same seed, same faults).", DefaultValueFactory = _ => 1 };

    public Command Build()
    {
        var command = new Command("serve", "Run a local Datagrid-compatible server on 127.0.0.1 until Ctrl+C.")
        {
            port, limit, window, seed, apiKey, errorRate, dropRate, latency, faultSeed,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var options = new LocalServerOptions
        {
            Port = parsed.GetValue(port),
            Limit = parsed.GetValue(limit),
            Window = SecondsOption.ToTimeSpan(parsed.GetValue(window)),
            SeedCount = parsed.GetValue(seed),
            Faults = new FaultOptions
            {
                ServerErrorRate = parsed.GetValue(errorRate),
                DropConnectionRate = parsed.GetValue(dropRate),
                AddedLatency = TimeSpan.FromMilliseconds(parsed.GetValue(latency)),
                Seed = parsed.GetValue(faultSeed),
            },
        };
        var customKey = parsed.GetValue(apiKey);
        if (customKey is not null)
        {
            options.ApiKeys.Clear();
            options.ApiKeys.Add(customKey);
        }

        LocalDatagridServer server;
        try
        {
            server = await LocalDatagridServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        catch (IOException e)
        {
            // Kestrel reports a port in use as an IOException.
            throw new UsageException($"Cannot listen on 127.0.0.1:{options.Port}: {e.Message.TrimEnd('.')}. Pick another --port (0 = any free one).");
        }

        await using (server.ConfigureAwait(false))
        {
            var c = CultureInfo.InvariantCulture;
            var keyShown = customKey is null ? LocalServerOptions.DefaultApiKey : "<the key given with --api-key>";
            await output.WriteLineAsync($"Local Datagrid server listening on {server.BaseUrl}").ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c, $"  limit {options.Limit} requests per {options.Window.TotalSeconds:0.###} s sliding window per key, teamspace, path and method")).ConfigureAwait(false);
            if (options.SeedCount > 0)
            {
                await output.WriteLineAsync(string.Create(c, $"  {options.SeedCount} memories: {LocalServerOptions.SeededId(1)} ... {LocalServerOptions.SeededId(options.SeedCount)}")).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"  try: DATAGRID_BASE_URL={server.BaseUrl} DATAGRID_API_KEY={keyShown} datagrid user-memories delete {LocalServerOptions.SeededId(1)}").ConfigureAwait(false);
            await output.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
            app.ServerStarted?.Invoke(server);

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop.
            }

            await output.WriteLineAsync($"Stopped. {server.Counters}").ConfigureAwait(false);
        }

        _ = error;
        return ExitCodes.Success;
    }
}
