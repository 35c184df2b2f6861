#if !NET
namespace Datagrid.Compatibility;

// .NET Core APIs this library calls that neither .NET Standard 2.0 nor a polyfill package (Polyfill,
// Microsoft.Bcl.TimeProvider) provides under the same name. Each does what the .NET 10 one does, so the calling code
// is one source for both targets. Datagrid.Client.Redis compiles this same file (linked, internal to each).
internal static class BclPolyfills
{
    extension(Task)
    {
        /// <summary><c>Task.Delay(TimeSpan, TimeProvider, CancellationToken)</c> (.NET 8), from Microsoft.Bcl.TimeProvider's extension.</summary>
        public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
            timeProvider.Delay(delay, cancellationToken);
    }

    extension(Task task)
    {
        /// <summary><c>Task.IsCompletedSuccessfully</c> (.NET Core 2.0).</summary>
        public bool IsCompletedSuccessfully => task.Status == TaskStatus.RanToCompletion;
    }

    extension(string)
    {
        /// <summary><c>string.Create(IFormatProvider, interpolated)</c> (.NET 6): the same text, through FormattableString.</summary>
        public static string Create(IFormatProvider provider, FormattableString text) => text.ToString(provider);
    }

    extension(double)
    {
        /// <summary><c>double.IsFinite</c> (.NET Core 2.1).</summary>
        public static bool IsFinite(double d) => !double.IsNaN(d) && !double.IsInfinity(d);
    }

    extension(TimeSpan)
    {
        /// <summary>.NET Core 2.0's operator: ticks times the factor, rounded.</summary>
        public static TimeSpan operator *(TimeSpan timeSpan, double factor) => FromDoubleTicks(Math.Round(timeSpan.Ticks * factor));

        /// <summary>.NET Core 2.0's operator: ticks over the divisor, rounded.</summary>
        public static TimeSpan operator /(TimeSpan timeSpan, double divisor) => FromDoubleTicks(Math.Round(timeSpan.Ticks / divisor));
    }

    extension(string text)
    {
        /// <summary><c>string.Replace(string, string, StringComparison)</c> (.NET Core 2.0), ordinal only (the only one used).</summary>
        public string Replace(string oldValue, string newValue, StringComparison comparison) =>
            comparison == StringComparison.Ordinal
                ? text.Replace(oldValue, newValue)
                : throw new NotSupportedException("Only ordinal replacement is available on .NET Standard 2.0.");
    }

    private static TimeSpan FromDoubleTicks(double ticks) =>
        double.IsNaN(ticks) || ticks > long.MaxValue || ticks < long.MinValue
            ? throw new OverflowException("TimeSpan overflowed because the duration is too long.")
            : TimeSpan.FromTicks((long)ticks);
}
#endif
