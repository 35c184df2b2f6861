namespace Datagrid.LocalServer.Tests;

/// <summary>Every API answer carries its own X-Request-Id, as Datagrid's do, so request ids can be tried locally.</summary>
public class RequestIdTests
{
    [Test]
    public async Task EveryAnswerCarriesItsOwnRequestId()
    {
        await using var h = await ServerHarness.StartAsync(o => o.Limit = 2);

        using var deleted = await h.DeleteAsync(LocalServerOptions.SeededId(1));
        using var absent = await h.DeleteAsync(LocalServerOptions.SeededId(1));
        using var throttled = await h.DeleteAsync(LocalServerOptions.SeededId(2));
        using var unauthorized = await h.DeleteAsync(LocalServerOptions.SeededId(2), token: "wrong");

        var ids = new[] { deleted, absent, throttled, unauthorized }.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((int)throttled.StatusCode, Is.EqualTo(429), "the four answers cover 204, 404, 429 and 401");
            Assert.That(ids, Is.All.Match("^req_local_[0-9a-f]{8}$"));
            Assert.That(ids, Is.Unique);
        });
    }
}
