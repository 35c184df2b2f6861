using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.DependencyInjection.Tests;

/// <summary>Service collections whose Datagrid HttpClient ends in MockHttp and never read the machine's environment.</summary>
internal static class TestServices
{
    public const string ApiKey = "dg_di_test_key_9a8b7c";
    public const string BaseUrl = "https://api.example.test/v1";

    public static IConfiguration Configuration(IDictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    public static Dictionary<string, string?> ValidSection() => new()
    {
        ["Datagrid:ApiKey"] = ApiKey,
        ["Datagrid:BaseUrl"] = BaseUrl,
        ["Datagrid:UseEnvironment"] = "false",
    };

    /// <summary>Replaces the primary handler (the SocketsHttpHandler) with <paramref name="handler"/>.</summary>
    public static IHttpClientBuilder WithMock(this IHttpClientBuilder builder, MockHttpMessageHandler handler) =>
        builder.ConfigurePrimaryHttpMessageHandler(() => handler);
}
