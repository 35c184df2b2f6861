namespace Datagrid.Client.Tests;

/// <summary>
/// Waits for background work (a call running on the thread pool) to reach a state. This synchronises with the
/// client; it never stands in for a wait the client makes (those run on the fake clock).
/// </summary>
internal static class Eventually
{
    public static async Task That(Func<bool> condition, string? what = null)
    {
        var deadline = DateTime.UtcNow + TestClock.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"Timed out waiting for {what ?? "the condition"}.");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Waits until <paramref name="read"/> stops changing for a short while (the client is parked).</summary>
    public static async Task<int> Settled(Func<int> read)
    {
        var value = read();
        var stableSince = DateTime.UtcNow;
        var deadline = stableSince + TestClock.Patience;
        while (DateTime.UtcNow - stableSince < TimeSpan.FromMilliseconds(30))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"The count never settled (still changing after {TestClock.Patience.TotalSeconds} s; last {value}).");
            }

            await Task.Delay(2);
            var now = read();
            if (now != value)
            {
                value = now;
                stableSince = DateTime.UtcNow;
            }
        }

        return value;
    }

    /// <summary>Waits until <paramref name="read"/> reaches <paramref name="atLeast"/>, then until it stops changing.</summary>
    public static async Task<int> Reaches(Func<int> read, int atLeast)
    {
        await That(() => read() >= atLeast, $"a count of {atLeast}").ConfigureAwait(false);
        return await Settled(read).ConfigureAwait(false);
    }
}
