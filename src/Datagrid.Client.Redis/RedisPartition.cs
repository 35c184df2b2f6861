using System.Security.Cryptography;
using System.Text;
using Datagrid.RateLimiting;
using StackExchange.Redis;

namespace Datagrid.Redis;

/// <summary>
/// The Redis keys of one rate-limit partition: (hash of the API key, teamspace, method, path template). The API key
/// itself is never stored: only the first 128 bits of its SHA-256, enough to keep two keys' budgets apart.
/// </summary>
internal readonly record struct RedisPartition(RedisKey Log, RedisKey InFlight, RedisKey Meta)
{
    public static RedisPartition For(HttpRequestMessage request, string prefix)
    {
        var partition = RateLimitPartitionKey.For(request);
        var credential = request.Headers.Authorization?.ToString() ?? string.Empty;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)).AsSpan(0, 16));
        var root = $"{prefix}{{{hash}:{partition.Teamspace}:{partition.Method}:{partition.PathTemplate}}}";
        return new RedisPartition(root + ":log", root + ":fly", root + ":meta");
    }
}
