namespace Datagrid.Cli;

/// <summary>The process exit codes, documented in `--help` and in build/docs/articles/cli-purge.md.</summary>
internal static class ExitCodes
{
    /// <summary>Every id is deleted or was already absent (or a dry run found the run could start).</summary>
    public const int Success = 0;

    /// <summary>Some ids failed, or the run stopped on its own (the summary lists them and says why).</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad usage or refused before sending (invalid input, --max-delete exceeded, journal mismatch): nothing was sent.</summary>
    public const int BadUsage = 2;

    /// <summary>Stopped because the journal or the report could not be written (disk full, file removed, permission lost).</summary>
    public const int WriteFailed = 3;

    /// <summary>A required service could not be used: --require-redis and Redis unreachable or refusing.</summary>
    public const int ServiceUnavailable = 4;

    /// <summary>Stopped by Ctrl+C / SIGINT (128 + 2, as shells report it); the summary so far was printed.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15: docker stop, Kubernetes); in-flight deletes were finished and journalled.</summary>
    public const int Terminated = 143;

    /// <summary>The table for `--help` and the docs.</summary>
    public const string Table =
        "Exit codes: 0 all deleted or already absent (dry run: the run would start); 1 some ids failed or the run stopped " +
        "early (listed); 2 usage error or refused before sending (nothing sent); 3 stopped because the journal or report " +
        "could not be written (the ids not recorded are retried on resume); 4 --require-redis and Redis unreachable or " +
        "refusing; 130 interrupted by Ctrl+C/SIGINT; 143 terminated by SIGTERM.";
}
