namespace Datagrid;

/// <summary>A successful call's result together with its response details (<see cref="DatagridResponse"/>).</summary>
/// <typeparam name="T">The operation's result type.</typeparam>
public sealed class DatagridResponse<T> : DatagridResponse
{
    /// <summary>Describes a response with a result (the client creates these; tests of callers may too).</summary>
    /// <param name="value">The deserialised result.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">Response and content headers.</param>
    /// <param name="rateLimit">The rate-limit headers of the response, if it carried any.</param>
    /// <param name="elapsed">From the call's start (limiter waits and retries included) until its result was read.</param>
    /// <param name="attempts">How many requests the call sent, retries included.</param>
    public DatagridResponse(
        T value,
        int statusCode,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        RateLimitInfo? rateLimit,
        TimeSpan elapsed,
        int attempts)
        : base(statusCode, headers, rateLimit, elapsed, attempts)
    {
        Value = value;
    }

    /// <summary>The value alone, for the plain methods (no details built); never returned by WithRawResponse.</summary>
    internal DatagridResponse(T value)
    {
        Value = value;
    }

    /// <summary>The result, exactly what the plain method returns.</summary>
    public T Value { get; }
}
