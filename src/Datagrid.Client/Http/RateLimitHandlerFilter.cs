using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Datagrid.Http;

/// <summary>
/// Makes <see cref="DatagridRateLimitHandler"/> the innermost handler of the Datagrid client's named HttpClient.
/// A filter runs its <c>next</c> (all user configuration: AddHttpMessageHandler, AddStandardResilienceHandler, ...)
/// first and appends afterwards, so the limiter ends up under every handler the user added: each HTTP request a
/// resilience handler repeats takes its own permit.
/// </summary>
internal sealed class RateLimitHandlerFilter : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.Name == DatagridServiceCollectionExtensions.HttpClientName)
        {
            builder.AdditionalHandlers.Add(new DatagridRateLimitHandler());
        }
    };
}
