using System.Globalization;

namespace Datagrid.Cli.Commands;

/// <summary>Turns a duration option given in seconds (--window, --timeout, ...) into a TimeSpan, or says what is wrong with it.</summary>
internal static class SecondsOption
{
    public static TimeSpan ToTimeSpan(double seconds, string option = "--window")
    {
        if (double.IsNaN(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} must be a number of seconds above 0 and at most one day (got {seconds})."));
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
