namespace Datagrid;

/// <summary>Where a policy added with <see cref="DatagridClientOptions.AddPolicy"/> runs.</summary>
public enum DatagridPipelinePosition
{
    /// <summary>Once per operation call, outside the retries (sees the caller's request and the final response).</summary>
    PerCall,

    /// <summary>Once per attempt, after the client-side limiter let it go and just before the attempt timeout and the transport.</summary>
    PerAttempt,
}
