using System.Reflection;

namespace Datagrid.Client.NetFx.Tests;

internal static partial class Program
{
    /// <summary>The library whose netstandard2.0 build these tests are for.</summary>
    private static Assembly UnderTest => typeof(Datagrid.Redis.RedisRateLimiterOptions).Assembly;
}
