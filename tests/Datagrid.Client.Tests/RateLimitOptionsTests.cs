namespace Datagrid.Client.Tests;

/// <summary>The limiter options are validated when a client is built, with a message saying what to fix.</summary>
public class RateLimitOptionsTests
{
    [TestCase(0)]
    [TestCase(-5)]
    public void ALimitBelowOneIsRefused(int limit)
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(TestClients.Options(o => o.RateLimitPerWindow = limit)));
        Assert.That(ex!.Message, Does.Contain("RateLimitPerWindow").And.Contain("at least 1"));
    }

    [Test]
    public void AWindowThatIsNotPositiveIsRefused()
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(TestClients.Options(o => o.RateLimitWindow = TimeSpan.Zero)));
        Assert.That(ex!.Message, Does.Contain("RateLimitWindow"));
    }

    [Test]
    public void DefaultsMatchDatagridsDocumentedLimit()
    {
        var options = new DatagridClientOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.EnableClientRateLimiting, Is.True);
            Assert.That(options.RateLimitPerWindow, Is.Null);
            Assert.That(options.RateLimitWindow, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(options.RateLimiter, Is.Null);
            Assert.That(options.MaxRetries, Is.EqualTo(2));
            Assert.That(options.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
        });
    }
}
