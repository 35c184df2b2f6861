namespace Datagrid.Client.Tests;

public class ConfigurationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Test]
    public void MissingKeyNamesTheVariableAndTheOption()
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(new DatagridClientOptions(), Env()));

        Assert.That(ex!.Message, Does.Contain("DATAGRID_API_KEY").And.Contain("DatagridClientOptions.ApiKey"));
    }

    [Test]
    public void EnvironmentFillsWhatOptionsLeaveUnset()
    {
        var settings = ClientSettings.Resolve(new DatagridClientOptions(), Env(
            ("DATAGRID_API_KEY", "env-key"),
            ("DATAGRID_BASE_URL", "https://eu.datagrid.test/v1"),
            ("DATAGRID_TEAMSPACE_ID", "team-env"),
            ("DATAGRID_CUSTOM_HEADERS", "X-One: 1\r\nX-Two:  two words \n\n")));

        Assert.Multiple(() =>
        {
            Assert.That(settings.ApiKey, Is.EqualTo("env-key"));
            Assert.That(settings.BaseUrl.AbsoluteUri, Is.EqualTo("https://eu.datagrid.test/v1/"));
            Assert.That(settings.Teamspace, Is.EqualTo("team-env"));
            Assert.That(settings.Headers, Is.EquivalentTo(new Dictionary<string, string> { ["X-One"] = "1", ["X-Two"] = "two words" }));
        });
    }

    [Test]
    public void ExplicitOptionsWinOverTheEnvironment()
    {
        var options = new DatagridClientOptions
        {
            ApiKey = "option-key",
            BaseUrl = new Uri("https://option.test/v1"),
            Teamspace = "team-option",
        };
        options.DefaultHeaders["x-one"] = "from-options";

        var settings = ClientSettings.Resolve(options, Env(
            ("DATAGRID_API_KEY", "env-key"),
            ("DATAGRID_BASE_URL", "https://env.test/v1"),
            ("DATAGRID_TEAMSPACE_ID", "team-env"),
            ("DATAGRID_CUSTOM_HEADERS", "X-One: from-env\nX-Other: kept")));

        Assert.Multiple(() =>
        {
            Assert.That(settings.ApiKey, Is.EqualTo("option-key"));
            Assert.That(settings.BaseUrl.AbsoluteUri, Is.EqualTo("https://option.test/v1/"));
            Assert.That(settings.Teamspace, Is.EqualTo("team-option"));
            Assert.That(settings.Headers.Single(h => h.Key.Equals("X-One", StringComparison.OrdinalIgnoreCase)).Value, Is.EqualTo("from-options"));
            Assert.That(settings.Headers.Single(h => h.Key == "X-Other").Value, Is.EqualTo("kept"));
        });
    }

    [Test]
    public void DefaultBaseUrlIsTheOfficialOne()
    {
        var settings = ClientSettings.Resolve(new DatagridClientOptions { ApiKey = "k" }, Env());

        Assert.That(settings.BaseUrl.AbsoluteUri, Is.EqualTo("https://api.datagrid.com/v1/"));
    }

    [Test]
    public void UseEnvironmentFalseIgnoresTheEnvironment()
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() =>
            ClientSettings.Resolve(new DatagridClientOptions { UseEnvironment = false }, Env(("DATAGRID_API_KEY", "env-key"))));

        Assert.That(ex!.Message, Does.Contain("DATAGRID_API_KEY"));
    }

    [TestCase("http://api.datagrid.com/v1")]
    [TestCase("http://10.0.0.5:8080/v1")]
    public void PlainHttpToARemoteHostIsRefusedAndSaysHowToAllowIt(string url)
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() =>
            ClientSettings.Resolve(new DatagridClientOptions { ApiKey = "k", BaseUrl = new Uri(url) }, Env()));

        Assert.That(ex!.Message, Does.Contain("AllowInsecureHttp").And.Contain("https"));
    }

    [TestCase("http://localhost:5000/v1")]
    [TestCase("http://127.0.0.1:5000/v1")]
    [TestCase("http://[::1]:5000/v1")]
    public void PlainHttpToLoopbackIsAllowed(string url)
    {
        var settings = ClientSettings.Resolve(new DatagridClientOptions { ApiKey = "k", BaseUrl = new Uri(url) }, Env());

        Assert.That(settings.BaseUrl.Scheme, Is.EqualTo("http"));
    }

    [Test]
    public void PlainHttpToARemoteHostIsAllowedWhenOptedIn()
    {
        var options = new DatagridClientOptions { ApiKey = "k", BaseUrl = new Uri("http://gateway.internal/v1"), AllowInsecureHttp = true };

        Assert.That(ClientSettings.Resolve(options, Env()).BaseUrl.Host, Is.EqualTo("gateway.internal"));
    }

    [TestCase("not a url", "DATAGRID_BASE_URL")]
    [TestCase("ftp://files.test/v1", "absolute http(s)")]
    [TestCase("https://api.test/v1?x=1", "query")]
    public void BadBaseUrlsFromTheEnvironmentAreExplained(string value, string expected)
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() =>
            ClientSettings.Resolve(new DatagridClientOptions { ApiKey = "k" }, Env(("DATAGRID_BASE_URL", value))));

        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [TestCase("no colon here")]
    [TestCase(": value without a name")]
    public void MalformedCustomHeadersNameTheVariableAndLine(string line)
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() =>
            ClientSettings.Resolve(new DatagridClientOptions { ApiKey = "k" }, Env(("DATAGRID_CUSTOM_HEADERS", "X-Ok: 1\n" + line))));

        Assert.That(ex!.Message, Does.Contain("DATAGRID_CUSTOM_HEADERS").And.Contain("line 2"));
    }

    [Test]
    public void AnAuthorizationDefaultHeaderIsRefused()
    {
        var options = new DatagridClientOptions { ApiKey = "k" };
        options.DefaultHeaders["Authorization"] = "Basic abc";

        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(options, Env()));

        Assert.That(ex!.Message, Does.Contain("ApiKey"));
    }

    [Test]
    public void AKeyWithInnerWhitespaceIsRefusedWithoutShowingIt()
    {
        var ex = Assert.Throws<DatagridConfigurationException>(() =>
            ClientSettings.Resolve(new DatagridClientOptions(), Env(("DATAGRID_API_KEY", "secret-key\nvalue"))));

        Assert.That(ex!.Message, Does.Not.Contain("secret-key").And.Contain("DATAGRID_API_KEY"));
    }

    [Test]
    public void SurroundingWhitespaceOfAKeyIsTrimmed()
    {
        // `echo key > file; export DATAGRID_API_KEY=$(cat file)` style values often end in a newline.
        var settings = ClientSettings.Resolve(new DatagridClientOptions(), Env(("DATAGRID_API_KEY", "  the-key\n")));

        Assert.That(settings.ApiKey, Is.EqualTo("the-key"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void NonPositiveTimeoutIsRefused(int seconds)
    {
        var options = new DatagridClientOptions { ApiKey = "k", Timeout = TimeSpan.FromSeconds(seconds) };

        Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(options, Env()));
    }

    [Test]
    public void NegativeMaxRetriesIsRefused()
    {
        var options = new DatagridClientOptions { ApiKey = "k", Retry = { MaxRetries = -1 } };

        var ex = Assert.Throws<DatagridConfigurationException>(() => ClientSettings.Resolve(options, Env()));

        Assert.That(ex!.Message, Does.Contain("Retry.MaxRetries"));
    }

    [Test]
    public void OptionsAreFrozenOnceAClientIsBuilt()
    {
        var options = new DatagridClientOptions { ApiKey = "k", BaseUrl = new Uri("https://api.example.test/v1"), UseEnvironment = false };
        options.DefaultHeaders["X-Team"] = "a";
        Assert.That(options.IsFrozen, Is.False);

        using var client = new MemoryClient(new HttpClient(), options);

        Assert.Multiple(() =>
        {
            Assert.That(options.IsFrozen, Is.True);
            Assert.That(() => options.Timeout = TimeSpan.FromSeconds(1), Throws.InvalidOperationException.With.Message.Contains("frozen"));
            Assert.That(() => options.Retry.MaxRetries = 5, Throws.InvalidOperationException);
            Assert.That(() => options.RateLimiting.Enabled = false, Throws.InvalidOperationException);
            Assert.That(() => options.Diagnostics.LoggerFactory = null, Throws.InvalidOperationException);
            Assert.That(() => options.DefaultHeaders["X-Team"] = "b", Throws.InvalidOperationException);
            Assert.That(options.DefaultHeaders["X-Team"], Is.EqualTo("a"));
        });
    }

    [Test]
    public void ValidatingOptionsDoesNotFreezeThem()
    {
        var options = new DatagridClientOptions { ApiKey = "k", Retry = { MaxRetries = 1 } };

        _ = ClientSettings.Resolve(options, Env());
        options.Retry.MaxRetries = 3;

        Assert.That(options.Retry.MaxRetries, Is.EqualTo(3));
    }

    [Test]
    [NonParallelizable]
    public void TheParameterlessConstructorReadsTheProcessEnvironment()
    {
        var saved = Environment.GetEnvironmentVariable("DATAGRID_API_KEY");
        var savedUrl = Environment.GetEnvironmentVariable("DATAGRID_BASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("DATAGRID_API_KEY", null);
            Assert.Throws<DatagridConfigurationException>(() => _ = new MemoryClient());

            Environment.SetEnvironmentVariable("DATAGRID_API_KEY", "from-process-env");
            Environment.SetEnvironmentVariable("DATAGRID_BASE_URL", "https://env-process.test/v1");
            using var client = new MemoryClient();
            Assert.That(client.BaseUrl.AbsoluteUri, Is.EqualTo("https://env-process.test/v1/"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DATAGRID_API_KEY", saved);
            Environment.SetEnvironmentVariable("DATAGRID_BASE_URL", savedUrl);
        }
    }
}
