using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>Builds clients over MockHttp with options that never read the machine's environment.</summary>
internal static class TestClients
{
    public const string ApiKey = "dg_test_key_5f1e2d3c4b5a";
    public static readonly Uri BaseUrl = new("https://api.example.test/v1");

    public static DatagridClientOptions Options(Action<DatagridClientOptions>? configure = null)
    {
        var options = new DatagridClientOptions { ApiKey = ApiKey, BaseUrl = BaseUrl, UseEnvironment = false };
        configure?.Invoke(options);
        return options;
    }

    public static MemoryClient Create(MockHttpMessageHandler handler, Action<DatagridClientOptions>? configure = null) =>
        new(handler.ToHttpClient(), Options(configure));
}
