namespace Datagrid.Cli.Deleting;

/// <summary>What happened to one id.</summary>
internal enum DeleteOutcome
{
    /// <summary>The server deleted it (204).</summary>
    Deleted,

    /// <summary>The server did not have it (404): the goal, no memory with that id, is met.</summary>
    Absent,

    /// <summary>The delete failed after the client's retries; see the reason.</summary>
    Failed,
}
