using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>Builds clients over MockHttp with options that never read the machine's environment.</summary>
internal static class TestClients
{
    public const string ApiKey = "dg_test_key_5f1e2d3c4b5a";
    public static readonly Uri BaseUrl = new("https://api.example.test/v1");

    /// <summary>The per-attempt timeout clients on a fake clock get (tests that time an attempt out advance by it).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(45);

    public static DatagridClientOptions Options(Action<DatagridClientOptions>? configure = null)
    {
        var options = new DatagridClientOptions { ApiKey = ApiKey, BaseUrl = BaseUrl, UseEnvironment = false };
        configure?.Invoke(options);
        return options;
    }

    public static MemoryClient Create(MockHttpMessageHandler handler, Action<DatagridClientOptions>? configure = null) =>
        new(handler.ToHttpClient(), Options(configure));

    /// <summary>A client on a fake clock, with the limiter off unless the test turns it on (retry tests need only retries).</summary>
    public static MemoryClient Create(MockHttpMessageHandler handler, TestClock clock, Action<DatagridClientOptions>? configure = null) =>
        new(handler.ToHttpClient(), Options(o =>
        {
            o.TimeProvider = clock;
            o.Timeout = TestClients.AttemptTimeout;
            o.RateLimiting.Enabled = false;
            configure?.Invoke(o);
        }));
}
