namespace Datagrid.LocalServer;

/// <summary>Settings for <see cref="LocalDatagridServer"/>. Validated when the server starts.</summary>
public sealed class LocalServerOptions
{
    /// <summary>The API key the server accepts when none is configured.</summary>
    public const string DefaultApiKey = "local-dev-key";

    /// <summary>Bearer tokens the server accepts. Default: <see cref="DefaultApiKey"/>.</summary>
    public IList<string> ApiKeys { get; } = new List<string> { DefaultApiKey };

    /// <summary>Loopback port to bind; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Accepted requests allowed per sliding window and scope. Datagrid's default is 200.</summary>
    public int Limit { get; set; } = 200;

    /// <summary>Length of the sliding window. Datagrid's default is 60 seconds.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Number of memories to create at start, with ids <c>mem_000001</c>, <c>mem_000002</c>, ...</summary>
    public int SeedCount { get; set; }

    /// <summary>Explicit memory ids to create at start, in addition to <see cref="SeedCount"/>.</summary>
    public IList<string> SeedIds { get; } = new List<string>();

    /// <summary>Fault injection for accepted requests (after authentication and the rate limit).</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>Clock for the rate limit, headers and injected latency; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Keep a log of every delete request answered (<see cref="LocalDatagridServer.RequestLog"/>); off by default, as it
    /// grows with every request.
    /// </summary>
    public bool RecordRequests { get; set; }

    /// <summary>Makes the id a seeded memory gets, so callers can predict them.</summary>
    public static string SeededId(int index) => $"mem_{index:D6}";

    internal void Validate()
    {
        if (ApiKeys.Count == 0 || ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("LocalServerOptions.ApiKeys must hold at least one non-blank key.", nameof(ApiKeys));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be between 0 (any free port) and 65535.");
        }

        if (Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "Limit must be at least 1 request per window.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Window must be longer than zero.");
        }

        if (SeedCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SeedCount), SeedCount, "SeedCount cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Faults);
        Faults.Validate();
    }
}
