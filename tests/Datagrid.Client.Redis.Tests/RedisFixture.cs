namespace Datagrid.Client.Redis.Tests;

/// <summary>A test fixture with its own real redis-server, started once for the fixture and stopped after it.</summary>
public abstract class RedisFixture
{
    private protected RedisServer Redis { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartRedis()
    {
        Redis = new RedisServer();
        Redis.Start();
    }

    [OneTimeTearDown]
    public void StopRedis() => Redis.Dispose();
}
