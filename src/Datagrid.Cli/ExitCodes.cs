namespace Datagrid.Cli;

/// <summary>The process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Every id is deleted or was already absent.</summary>
    public const int Success = 0;

    /// <summary>Some ids failed (the summary lists them).</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad usage: unknown option, missing key, unreadable or invalid ids; nothing was deleted.</summary>
    public const int BadUsage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it); the summary so far was printed.</summary>
    public const int Cancelled = 130;
}
