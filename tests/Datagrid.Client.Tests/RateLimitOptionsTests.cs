namespace Datagrid.Client.Tests;

/// <summary>The limiter options are validated when a client is built, with a message saying what to fix.</summary>
public class RateLimitOptionsTests
{
    [TestCase(0)]
    [TestCase(-5)]
    public void ALimitBelowOneIsRefused(int limit)
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(TestClients.Options(o => o.RateLimiting.PermitLimit = limit)));
        Assert.That(ex!.Message, Does.Contain("RateLimiting.PermitLimit").And.Contain("at least 1"));
    }

    [Test]
    public void AWindowThatIsNotPositiveIsRefused()
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(TestClients.Options(o => o.RateLimiting.Window = TimeSpan.Zero)));
        Assert.That(ex!.Message, Does.Contain("RateLimiting.Window"));
    }

    [Test]
    public void DefaultsMatchDatagridsDocumentedLimit()
    {
        var options = new DatagridClientOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.RateLimiting.Enabled, Is.True);
            Assert.That(options.RateLimiting.PermitLimit, Is.Null);
            Assert.That(options.RateLimiting.Window, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(options.RateLimiting.Limiter, Is.Null);
            Assert.That(options.Retry.MaxRetries, Is.EqualTo(2));
            Assert.That(options.Retry.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
        });
    }
}
