using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// Base of the tests that play a script of responses to the client on a fake clock: every request gets the
/// script's next response, and the clock records each wait the client starts.
/// </summary>
public abstract class ScriptedHttpTests
{
    private protected TestClock Clock { get; private set; } = null!;

    private protected ResponseScript Script { get; private set; } = null!;

    private protected MockHttpMessageHandler Handler { get; private set; } = null!;

    [SetUp]
    public void SetUpScript()
    {
        Clock = new TestClock();
        Script = new ResponseScript();
        Handler = new MockHttpMessageHandler();
        Handler.When("*").Respond(request => Script.Next(request));
    }

    [TearDown]
    public void TearDownScript() => Handler.Dispose();
}
