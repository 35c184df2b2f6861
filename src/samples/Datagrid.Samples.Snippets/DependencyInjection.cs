using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Datagrid.Samples.Snippets;

/// <summary>The ASP.NET Core and workers part of the configuration guide.</summary>
internal static class DependencyInjection
{
    public static void Register(HostApplicationBuilder builder)
    {
        #region add-client
        // Program.cs of an ASP.NET Core app or a worker
        builder.Services.AddDatagridClient(builder.Configuration.GetSection("Datagrid"));

        // or in code
        builder.Services.AddDatagridClient(options =>
        {
            options.Teamspace = "ts_123";
            options.Timeout = TimeSpan.FromSeconds(30);
        });
        #endregion
    }

    public static void Resilience(HostApplicationBuilder builder)
    {
        #region resilience
        builder.Services
            .AddDatagridClient(options => options.Retry.MaxRetries = 0) // the pipeline below does the retrying
            .AddStandardResilienceHandler();
        #endregion
    }

    public static DatagridClientOptions Options(string key)
    {
        #region options
        var options = new DatagridClientOptions { ApiKey = key, Retry = { MaxRetries = 0 } };
        #endregion
        return options;
    }
}
