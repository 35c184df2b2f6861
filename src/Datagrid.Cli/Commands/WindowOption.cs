namespace Datagrid.Cli.Commands;

/// <summary>Turns a --window value in seconds into a TimeSpan, or says what is wrong with it.</summary>
internal static class WindowOption
{
    public static TimeSpan ToTimeSpan(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new UsageException($"--window must be a number of seconds above 0 and at most one day (got {seconds}).");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
