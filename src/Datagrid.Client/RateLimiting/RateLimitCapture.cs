namespace Datagrid;

/// <summary>
/// Captures the rate-limit state of the calls made inside a scope, for one caller among many on a shared client:
/// <code>
/// using var capture = RateLimitCapture.Begin();
/// await client.DeleteUserMemoryAsync(id, ct);
/// var left = capture.RateLimit?.Remaining;
/// </code>
/// Flows with the async context (an <see cref="AsyncLocal{T}"/>), so concurrent calls started outside the scope
/// do not write into it. Calls started in parallel inside one scope share it (the freshest response wins).
/// </summary>
public sealed class RateLimitCapture : IDisposable
{
    private static readonly AsyncLocal<RateLimitCapture?> CurrentScope = new();
    private readonly RateLimitCapture? _parent;
    private RateLimitInfo? _rateLimit;
    private int _responses;

    private RateLimitCapture(RateLimitCapture? parent) => _parent = parent;

    /// <summary>The <c>X-RateLimit-*</c> / <c>Retry-After</c> values of the latest response in this scope that carried any.</summary>
    public RateLimitInfo? RateLimit => Volatile.Read(ref _rateLimit);

    /// <summary>How many responses (retries included) arrived in this scope.</summary>
    public int Responses => Volatile.Read(ref _responses);

    internal static RateLimitCapture? Current => CurrentScope.Value;

    /// <summary>Starts capturing; dispose to stop. Scopes nest: an inner scope's responses also reach the outer one.</summary>
    public static RateLimitCapture Begin()
    {
        var capture = new RateLimitCapture(CurrentScope.Value);
        CurrentScope.Value = capture;
        return capture;
    }

    /// <summary>Ends the scope (the outer scope, if any, becomes current again).</summary>
    public void Dispose()
    {
        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = _parent;
        }
    }

    internal void Record(RateLimitInfo? info)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            Interlocked.Increment(ref scope._responses);
            if (info is not null)
            {
                Volatile.Write(ref scope._rateLimit, info);
            }
        }
    }
}
