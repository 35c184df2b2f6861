using System.Net;

namespace Datagrid.Client.Tests;

// .NET APIs the shared test source calls that neither .NET Framework 4.7.2 nor the library's polyfills (Polyfill,
// Datagrid.Compatibility) provide. Each does what the .NET one does, so the test source stays one for both runtimes.
internal static class TestPolyfills
{
    extension(HttpStatusCode)
    {
        /// <summary><c>HttpStatusCode.TooManyRequests</c> (.NET Core 2.1).</summary>
        public static HttpStatusCode TooManyRequests => (HttpStatusCode)429;
    }

    extension(DateTimeOffset)
    {
        /// <summary><c>DateTimeOffset.UnixEpoch</c> (.NET Core 2.1).</summary>
        public static DateTimeOffset UnixEpoch => new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    extension(ValueTask)
    {
        /// <summary><c>ValueTask.FromResult</c> (.NET 5).</summary>
        public static ValueTask<T> FromResult<T>(T result) => new(result);
    }

    extension(TimeSpan)
    {
        /// <summary>.NET Core 2.0's operator: the ratio of two spans.</summary>
        public static double operator /(TimeSpan t1, TimeSpan t2) => t1.Ticks / (double)t2.Ticks;
    }

    extension(CancellationTokenRegistration registration)
    {
        /// <summary><c>CancellationTokenRegistration.DisposeAsync</c> (.NET Core 3.0): Dispose, which also waits for a running callback.</summary>
        public ValueTask DisposeAsync()
        {
            registration.Dispose();
            return default;
        }
    }
}
