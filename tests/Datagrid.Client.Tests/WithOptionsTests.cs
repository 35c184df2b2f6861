using System.Net;
using RichardSzalay.MockHttp;

namespace Datagrid.Client.Tests;

/// <summary>
/// <c>WithOptions</c>: each override reaches the wire (or the clock), the client it was made from is unchanged
/// afterwards, and the two share one pipeline.
/// </summary>
public class WithOptionsTests : ScriptedHttpTests
{
    [Test]
    public async Task HeadersAreAddedAndReplaceDefaults_OnlyOnTheNewClient()
    {
        Script.Then(() => Responses.NoContent()).Then(() => Responses.NoContent());
        using var parent = TestClients.Create(Handler, Clock, o =>
        {
            o.DefaultHeaders["X-Source"] = "parent";
            o.DefaultHeaders["X-Keep"] = "1";
        });
        using var child = parent.WithOptions(o =>
        {
            o.Headers["x-source"] = "child";
            o.Headers["X-Trace-Id"] = "abc";
        });

        await child.DeleteUserMemoryAsync("m1");
        await parent.DeleteUserMemoryAsync("m2");

        var requests = Script.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Header(requests[0], "X-Source"), Is.EqualTo(["child"]), "WithOptions wins over a default header, whatever the case of its name");
            Assert.That(Header(requests[0], "X-Keep"), Is.EqualTo(["1"]));
            Assert.That(Header(requests[0], "X-Trace-Id"), Is.EqualTo(["abc"]));
            Assert.That(Header(requests[0], "Authorization"), Is.EqualTo([$"Bearer {TestClients.ApiKey}"]));
            Assert.That(Header(requests[1], "X-Source"), Is.EqualTo(["parent"]), "the parent is unchanged");
            Assert.That(requests[1].Headers.Contains("X-Trace-Id"), Is.False);
        });
    }

    [Test]
    public async Task MaxRetriesIsCountedOnTheWire_AndTheParentKeepsItsOwn()
    {
        Script.Then(() => Responses.Status(503));
        using var parent = TestClients.Create(Handler, Clock, o => o.Retry.MaxRetries = 2);
        using var noRetries = parent.WithOptions(o => o.MaxRetries = 0);

        var ex = Assert.ThrowsAsync<DatagridServerException>(() => noRetries.DeleteUserMemoryAsync("m1"));
        Assert.That(ex!.Attempts, Is.EqualTo(1));
        Assert.That(Script.Count, Is.EqualTo(1), "MaxRetries = 0: one request");

        Script.Then(() => Responses.Status(503, null, ("Retry-After", "1")))
            .Then(() => Responses.Status(503, null, ("Retry-After", "1")))
            .Then(() => Responses.NoContent());
        var call = parent.DeleteUserMemoryAsync("m2");
        for (var i = 0; i < 2; i++)
        {
            Clock.Advance(await Clock.NextDelayAsync());
        }

        await call;
        Assert.That(Script.Count, Is.EqualTo(4), "the parent still retries twice");
    }

    [Test]
    public async Task MoreRetriesThanTheParentAreSentToo()
    {
        using var parent = TestClients.Create(Handler, Clock, o => o.Retry.MaxRetries = 0);
        using var patient = parent.WithOptions(o => o.MaxRetries = 3);
        for (var i = 0; i < 3; i++)
        {
            Script.Then(() => Responses.Status(503, null, ("Retry-After", "1")));
        }

        Script.Then(() => Responses.NoContent());

        var call = patient.DeleteUserMemoryAsync("m1");
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(await Clock.NextDelayAsync());
        }

        await call;
        Assert.That(Script.Count, Is.EqualTo(4));
    }

    [Test]
    public async Task ATimeoutOfOneSecondFiresAgainstAStallingServer_WhileTheParentKeepsSixty()
    {
        using var server = new StallingHandler();
        using var parent = new MemoryClient(new HttpClient(server), TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.Timeout = TimeSpan.FromSeconds(60);
            o.Retry.MaxRetries = 0;
            o.RateLimiting.Enabled = false;
        }));
        using var quick = parent.WithOptions(o => o.Timeout = TimeSpan.FromSeconds(1));

        var call = quick.DeleteUserMemoryAsync("m1");
        await server.NextRequestAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Message, Does.Contain("within 1 s"));

        var slow = parent.DeleteUserMemoryAsync("m2");
        await server.NextRequestAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.That(slow.IsCompleted, Is.False, "the parent's attempt still has 59 of its 60 s");
        Clock.Advance(TimeSpan.FromSeconds(59));
        ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => slow);
        Assert.That(ex!.Message, Does.Contain("within 60 s"));
    }

    [Test]
    public async Task TheTeamspaceIsSent_AndHasItsOwnRateLimitWindow()
    {
        Script.Then(() => Responses.NoContent()).Then(() => Responses.NoContent()).Then(() => Responses.NoContent());
        using var parent = TestClients.Create(Handler, Clock, o =>
        {
            o.Teamspace = "ts_1";
            o.RateLimiting.Enabled = true;
            o.RateLimiting.PermitLimit = 1;
            o.RateLimiting.Window = TimeSpan.FromSeconds(60);
        });
        using var other = parent.WithOptions(o => o.Teamspace = "ts_2");

        await parent.DeleteUserMemoryAsync("m1");
        var parentAgain = parent.DeleteUserMemoryAsync("m2");
        var wait = await Clock.NextWakeUpAsync();
        Assert.That(parentAgain.IsCompleted, Is.False, "ts_1's window is full");

        await other.DeleteUserMemoryAsync("m3").WaitAsync(TestClock.Patience);

        Clock.Advance(wait);
        await parentAgain.WaitAsync(TestClock.Patience);
        var teamspaces = Script.Requests.Select(r => Header(r, "Datagrid-Teamspace").Single()).ToArray();
        Assert.That(teamspaces, Is.EqualTo(new[] { "ts_1", "ts_2", "ts_1" }), "ts_2 went at once; ts_1 waited for its window");
    }

    [Test]
    public async Task ARetryWaitThatWouldPassTheDeadlineIsNotStarted_TheCallerGetsTheErrorAtOnce()
    {
        using var parent = TestClients.Create(Handler, Clock, o => o.Retry.MaxRetries = 5);
        using var bounded = parent.WithOptions(o => o.Deadline = TimeSpan.FromSeconds(2.5));
        for (var i = 0; i < 6; i++)
        {
            Script.Then(() => Responses.Status(503, null, ("Retry-After", "1")));
        }

        var start = Clock.GetUtcNow();
        var call = bounded.DeleteUserMemoryAsync("m1");
        Clock.Advance(await Clock.NextDelayAsync()); // t = 1 s: attempt 2
        Clock.Advance(await Clock.NextDelayAsync()); // t = 2 s: attempt 3, whose 1 s wait would end past 2.5 s

        // The server's own error, now, rather than a timeout at 2.5 s with nothing gained by the wait.
        var ex = Assert.ThrowsAsync<DatagridServerException>(() => call);
        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(503));
            Assert.That(ex.Attempts, Is.EqualTo(3));
            Assert.That(ex.RateLimit?.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(Script.Count, Is.EqualTo(3));
            Assert.That(Clock.GetUtcNow() - start, Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public async Task TheDeadlineIsAClientOptionToo_AndEndsAStalledAttempt()
    {
        using var server = new StallingHandler();
        using var client = new MemoryClient(new HttpClient(server), TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.Timeout = TimeSpan.FromSeconds(60);
            o.Deadline = TimeSpan.FromSeconds(5);
            o.Retry.MaxRetries = 0;
            o.RateLimiting.Enabled = false;
        }));

        var call = client.DeleteUserMemoryAsync("m1");
        await server.NextRequestAsync();
        Clock.Advance(TimeSpan.FromSeconds(5));

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Message, Does.Contain("deadline of 5 s").And.Contain("Deadline"));

        using var unbounded = client.WithOptions(o => o.Deadline = Timeout.InfiniteTimeSpan);
        var stalled = unbounded.DeleteUserMemoryAsync("m2");
        await server.NextRequestAsync();
        Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.That(stalled.IsCompleted, Is.False, "the view has no deadline; its attempt has 55 s left");
        Clock.Advance(TimeSpan.FromSeconds(55));
        ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => stalled);
        Assert.That(ex!.Message, Does.Contain("within 60 s"));
    }

    [Test]
    public async Task ACallerCancellationUnderADeadlineStaysACancellation()
    {
        using var server = new StallingHandler();
        using var client = new MemoryClient(new HttpClient(server), TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.Deadline = TimeSpan.FromSeconds(5);
            o.RateLimiting.Enabled = false;
        }));
        using var cts = new CancellationTokenSource();

        var call = client.DeleteUserMemoryAsync("m1", cts.Token);
        await server.NextRequestAsync();
        await cts.CancelAsync();

        var ex = Assert.CatchAsync<OperationCanceledException>(() => call);
        Assert.That(ex, Is.Not.InstanceOf<DatagridTimeoutException>());
    }

    [TestCase("Authorization", "Bearer other")]
    [TestCase("authorization", "Bearer other")]
    [TestCase("Datagrid-Teamspace", "ts_2")]
    [TestCase("DATAGRID-TEAMSPACE", "ts_2")]
    public void HeadersTheClientOwnsCannotBeSet(string name, string value)
    {
        using var parent = TestClients.Create(Handler, Clock);

        var ex = Assert.Throws<ArgumentException>(() => parent.WithOptions(o => o.Headers[name] = value));
        Assert.That(ex!.Message, Does.Contain(name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "API key" : "DatagridRequestOptions.Teamspace"));
        Assert.That(ex.ParamName, Is.EqualTo("configure"));
    }

    [Test]
    public void InvalidOverridesAreRefusedWhereTheyAreSet()
    {
        using var parent = TestClients.Create(Handler, Clock);
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => parent.WithOptions(o => o.Timeout = TimeSpan.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => parent.WithOptions(o => o.Deadline = TimeSpan.FromSeconds(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => parent.WithOptions(o => o.MaxRetries = -1));
            Assert.Throws<ArgumentException>(() => parent.WithOptions(o => o.Teamspace = " "));
            Assert.Throws<ArgumentException>(() => parent.WithOptions(o => o.Headers["Bad Name"] = "x"));
            Assert.Throws<ArgumentNullException>(() => parent.WithOptions(null!));
        });
    }

    [Test]
    public async Task TheRootClientsViewAppliesToEveryTag_AndDisposingItReleasesNothingShared()
    {
        Script.Then(() => Responses.NoContent()).Then(() => Responses.NoContent()).Then(() => Responses.NoContent());
        using var root = new DatagridClient(Handler.ToHttpClient(), TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.RateLimiting.Enabled = false;
        }));

        var view = root.WithOptions(o => o.Headers["X-Trace-Id"] = "abc");
        Assert.That(view, Is.Not.SameAs(root));
        await view.Memory.DeleteUserMemoryAsync("m1");
        await ((IDatagridClient)root).WithOptions(o => o.Headers["X-Trace-Id"] = "def").Memory.DeleteUserMemoryAsync("m2");
        view.Dispose();
        view.Memory.Dispose();

        await root.Memory.DeleteUserMemoryAsync("m3");
        var requests = Script.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Header(requests[0], "X-Trace-Id"), Is.EqualTo(["abc"]));
            Assert.That(Header(requests[1], "X-Trace-Id"), Is.EqualTo(["def"]));
            Assert.That(requests[2].Headers.Contains("X-Trace-Id"), Is.False, "the root is unchanged, and still works after the view was disposed");
            Assert.That(view.BaseUrl, Is.EqualTo(root.BaseUrl));
        });
    }

    [Test]
    public async Task ViewsCompose_AndShareTheParentsRateLimitState()
    {
        Script.Then(() => Responses.NoContent(limit: 200, remaining: 150)).Then(() => Responses.NoContent());
        using var parent = TestClients.Create(Handler, Clock, o => o.DefaultHeaders["X-A"] = "parent");
        using var first = parent.WithOptions(o => o.Headers["X-B"] = "first");
        using var second = first.WithOptions(o => o.Headers["X-A"] = "second");

        await ((IMemoryClient)second).DeleteUserMemoryAsync("m1");
        Assert.That(parent.LastRateLimit?.Remaining, Is.EqualTo(150), "a view's responses feed the shared limiter state");
        await first.DeleteUserMemoryAsync("m2");

        var requests = Script.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Header(requests[0], "X-A"), Is.EqualTo(["second"]));
            Assert.That(Header(requests[0], "X-B"), Is.EqualTo(["first"]), "a view of a view keeps the first view's overrides");
            Assert.That(Header(requests[1], "X-A"), Is.EqualTo(["parent"]));
        });
    }

    [Test]
    public async Task DisposingAViewLeavesTheViewsMadeFromItWorking()
    {
        using var server = new StallingHandler();
        using var parent = new MemoryClient(new HttpClient(server), TestClients.Options(o =>
        {
            o.TimeProvider = Clock;
            o.Timeout = TimeSpan.FromSeconds(60);
            o.Retry.MaxRetries = 0;
            o.RateLimiting.Enabled = false;
        }));
        var quick = parent.WithOptions(o => o.Timeout = TimeSpan.FromSeconds(1));
        using var traced = quick.WithOptions(o => o.Headers["X-Trace-Id"] = "abc");
        quick.Dispose();

        var call = traced.DeleteUserMemoryAsync("m1");
        await server.NextRequestAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Message, Does.Contain("within 1 s"), "the 1 s timeout still fires: its timer was not the disposed view's");
    }

    private static string[] Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? [.. values] : [];

    /// <summary>A server that never answers until the request is cancelled; tells the test when a request arrived.</summary>
    private sealed class StallingHandler : HttpMessageHandler
    {
        private readonly System.Threading.Channels.Channel<bool> _arrived = System.Threading.Channels.Channel.CreateUnbounded<bool>();

        public async Task NextRequestAsync() => await _arrived.Reader.ReadAsync().AsTask().WaitAsync(TestClock.Patience);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _arrived.Writer.TryWrite(true);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }
}
