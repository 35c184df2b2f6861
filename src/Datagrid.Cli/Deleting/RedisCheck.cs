using StackExchange.Redis;

namespace Datagrid.Cli.Deleting;

/// <summary><c>--require-redis</c>: one PING before anything is sent; no answer within a few seconds, or a refusal, ends the run.</summary>
internal static class RedisCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <exception cref="ServiceUnavailableException">Redis does not answer or refuses.</exception>
    public static async Task EnsureReachableAsync(string configuration, CancellationToken cancellationToken)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            throw new Commands.UsageException($"--redis / DATAGRID_REDIS: {e.Message}");
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)Patience.TotalMilliseconds;
        options.SyncTimeout = options.AsyncTimeout = (int)Patience.TotalMilliseconds;
        try
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(Patience, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new ServiceUnavailableException(
                $"Redis at {string.Join(", ", options.EndPoints)} did not answer or refused ({e.GetType().Name}: {e.Message.Split('\n')[0].TrimEnd('.')}); " +
                "nothing was sent. Start Redis or fix --redis, or drop --require-redis to let the run pace itself locally.", e);
        }
    }
}
