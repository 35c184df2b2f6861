using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Datagrid.LocalServer;

namespace Datagrid.Benchmarks.PerCall;

/// <summary>
/// What one delete costs through the client compared with a raw <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>
/// carrying the same headers, one after another and 64 at a time. Each invocation runs <see cref="CallsPerInvoke"/>
/// calls, so times and allocations are per call.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerCallConfig))]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: GlobalCleanup disposes the fields.
public class PerCallBenchmarks
#pragma warning restore CA1001
{
    public const int CallsPerInvoke = 256;

    private LoopbackServer _server = null!;
    private HttpClient _raw = null!;
    private string _rawBase = null!;
    private DatagridClient _limiterOff = null!;
    private DatagridClient _limiterOn = null!;
    private DatagridClient _view = null!;
    private DatagridClient _deadlineView = null!;

    [Params(1, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackServer.StartAsync().GetAwaiter().GetResult();
        _raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _rawBase = _server.BaseUrl + "/user-memories/";
        _limiterOff = Client(limiterOn: false);
        _limiterOn = Client(limiterOn: true);

        // Made once, as an app would keep it: its own attempt timeout and retry count over the limiter-on client's pipeline.
        _view = _limiterOn.WithOptions(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(30);
            o.MaxRetries = 1;
        });
        _deadlineView = _limiterOn.WithOptions(o => o.Deadline = TimeSpan.FromSeconds(30));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _limiterOff.Dispose();
        _view.Dispose();
        _deadlineView.Dispose();
        _limiterOn.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke, Description = "raw HttpClient, same headers")]
    public Task Raw() => RunAsync(RawDeleteAsync);

    // As the README calls it: the root client's tag property on every call.
    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "client.Memory, limiter off")]
    public Task LimiterOff() => RunAsync(() => _limiterOff.Memory.DeleteUserMemoryAsync("mem_1"));

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "client.Memory, limiter on")]
    public Task LimiterOn() => RunAsync(() => _limiterOn.Memory.DeleteUserMemoryAsync("mem_1"));

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "WithOptions view, limiter on")]
    public Task WithOptionsView() => RunAsync(() => _view.Memory.DeleteUserMemoryAsync("mem_1"));

    // BenchmarkDotNet only (not in percall-paired): what a deadline adds, mostly for its allocations.
    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Description = "WithOptions view with Deadline, limiter on")]
    public Task DeadlineView() => RunAsync(() => _deadlineView.Memory.DeleteUserMemoryAsync("mem_1"));

    private DatagridClient Client(bool limiterOn) => new(new DatagridClientOptions
    {
        ApiKey = LocalServerOptions.DefaultApiKey,
        BaseUrl = _server.BaseUrl,
        UseEnvironment = false,
        Teamspace = limiterOn ? "bench-limiter-on" : "bench-limiter-off",

        // The server advertises 100,000 per window; a 1 s window keeps that far above what two cores can send.
        RateLimiting = { Enabled = limiterOn, Window = TimeSpan.FromSeconds(1) },
    });

    /// <summary>The same request the client sends: DELETE to the id's URL with Authorization, Accept, User-Agent and teamspace.</summary>
    private async Task RawDeleteAsync()
    {
        // Built per call, as any caller deleting different ids must.
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(_rawBase + Uri.EscapeDataString("mem_1")));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LocalServerOptions.DefaultApiKey);
        request.Headers.TryAddWithoutValidation("User-Agent", "Datagrid.Client/0.2.0 (.NET 10; Unix)");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("Datagrid-Teamspace", "bench-raw");
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if ((int)response.StatusCode != 204)
        {
            throw new InvalidOperationException($"Unexpected {(int)response.StatusCode}");
        }
    }

    private async Task RunAsync(Func<Task> call)
    {
        if (Concurrency == 1)
        {
            for (var i = 0; i < CallsPerInvoke; i++)
            {
                await call().ConfigureAwait(false);
            }

            return;
        }

        var perWorker = CallsPerInvoke / Concurrency;
        var workers = new Task[Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Worker(call, perWorker);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);

        static async Task Worker(Func<Task> call, int count)
        {
            await Task.Yield();
            for (var i = 0; i < count; i++)
            {
                await call().ConfigureAwait(false);
            }
        }
    }
}
