namespace Datagrid.LocalServer.Tests;

internal static class HeaderValues
{
    public static string? Get(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static long GetLong(HttpResponseMessage response, string name) =>
        long.Parse(Get(response, name) ?? throw new AssertionException($"header {name} missing"), System.Globalization.CultureInfo.InvariantCulture);
}
