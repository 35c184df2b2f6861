using Datagrid.LocalServer;

namespace Datagrid.Client.Tests;

/// <summary>
/// One endpoint's rate limit as Datagrid.LocalServer keeps it, on the test's clock: its <see cref="SlidingWindowLog"/>
/// decides and <see cref="RateLimitDecision.Headers"/> words the answer. The test servers (the MockHttp responder, the
/// simulation's server) are built on this, so the window's rules and the whole-second rounding of Reset and
/// Retry-After live in one place, the local server's.
/// </summary>
internal sealed class ServerWindow(TimeProvider clock, int limit, TimeSpan window)
{
    // One key, one teamspace, one operation: every request of a test shares the one window.
    private static readonly RateLimitScope Scope = new("test-key", string.Empty, "/user-memories/{user_memory_id}", "DELETE");

    private readonly SlidingWindowLog _log = new(limit, window);

    public int Limit => _log.Limit;

    public TimeSpan Window => _log.Window;

    /// <summary>A request arriving now: accepted and counted if the window has room, else refused uncounted.</summary>
    public RateLimitDecision TryAcquire() => _log.TryAcquire(Scope, clock.GetUtcNow());
}
