using System.Net;

namespace Datagrid.LocalServer.Tests;

public class RequestLogTests
{
    [Test]
    public async Task RecordsEachAnsweredDeleteWithItsTimeAndStatusWhenAskedTo()
    {
        await using var h = await ServerHarness.StartAsync(o =>
        {
            o.RecordRequests = true;
            o.Limit = 1;
        });
        var start = h.Time.GetUtcNow();
        using var deleted = await h.DeleteAsync(LocalServerOptions.SeededId(1));
        h.Time.Advance(TimeSpan.FromMilliseconds(300));
        using var refused = await h.DeleteAsync(LocalServerOptions.SeededId(2));

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(h.Server.RequestLog, Is.EqualTo(new[]
        {
            new ServedRequest(start, LocalServerOptions.SeededId(1), 204),
            new ServedRequest(start.AddMilliseconds(300), LocalServerOptions.SeededId(2), 429),
        }));
    }

    [Test]
    public async Task RecordsNothingByDefault()
    {
        await using var h = await ServerHarness.StartAsync();
        using var deleted = await h.DeleteAsync(LocalServerOptions.SeededId(1));

        Assert.That(h.Server.RequestLog, Is.Empty);
    }
}
