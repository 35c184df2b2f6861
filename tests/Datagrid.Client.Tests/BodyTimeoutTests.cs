using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Datagrid.Client.Tests;

/// <summary>
/// The per-attempt Timeout covers the whole response: a server that sends the headers of an error (or an
/// unexpected 2xx) and then stalls the body ends as a DatagridTimeoutException within Timeout, not a hang.
/// </summary>
public class BodyTimeoutTests
{
    [TestCase((HttpStatusCode)429)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.OK)]
    public async Task AStalledBodyEndsAsATimeoutWithinTheAttemptTimeout(HttpStatusCode status)
    {
        var time = new FakeTimeProvider();
        using var handler = new StallingBodyHandler(status);
        using var client = new MemoryClient(new HttpClient(handler), TestClients.Options(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(5);
            o.Retry.MaxRetries = 0;
            o.RateLimiting.Enabled = false;
        }));

        var call = client.DeleteUserMemoryAsync("m1");
        await Eventually.That(() => handler.BodyReadStarted, "the client to start reading the body");
        Assert.That(call.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = Assert.ThrowsAsync<DatagridTimeoutException>(() => call);
        Assert.That(ex!.Message, Does.Contain("5 s"));
    }

    [Test]
    public void AHugeUndeclared200IsNotReadWhole()
    {
        const long fiftyMegabytes = 50L * 1024 * 1024;
        var body = new EndlessStream(fiftyMegabytes);
        using var handler = new FixedHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var client = new MemoryClient(new HttpClient(handler), TestClients.Options(o => o.Retry.MaxRetries = 0));

        var ex = Assert.CatchAsync<DatagridApiException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(200));
            Assert.That(body.BytesRead, Is.LessThanOrEqualTo(256 * 1024), "only the start of an undeclared body is read");
            Assert.That(ex.Response.Body?.Length ?? 0, Is.LessThanOrEqualTo(256 * 1024));
        });
    }

    [Test]
    public void AHugeErrorBodyIsReadOnlyUpToTheCap()
    {
        var body = new EndlessStream(50L * 1024 * 1024);
        using var handler = new FixedHandler(() => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(body) });
        using var client = new MemoryClient(new HttpClient(handler), TestClients.Options(o => o.Retry.MaxRetries = 0));

        Assert.ThrowsAsync<DatagridServerException>(() => client.DeleteUserMemoryAsync("m1"));

        Assert.That(body.BytesRead, Is.LessThanOrEqualTo(256 * 1024));
    }

    /// <summary>Sends the headers at once; the body never arrives until cancelled.</summary>
    private sealed class StallingBodyHandler(HttpStatusCode status) : HttpMessageHandler
    {
        private volatile bool _bodyReadStarted;

        public bool BodyReadStarted => _bodyReadStarted;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status) { Content = new StreamContent(new StallingStream(() => _bodyReadStarted = true)) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        }
    }

    private sealed class FixedHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond());
    }

    private sealed class StallingStream(Action onRead) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            StallAsync(cancellationToken);

#if NET
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(StallAsync(cancellationToken));
#endif

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("sync read");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private async Task<int> StallAsync(CancellationToken cancellationToken)
        {
            onRead();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    /// <summary>A long body of 'x' produced on demand, counting what was read.</summary>
    private sealed class EndlessStream(long length) : Stream
    {
        private long _read;

        public long BytesRead => Interlocked.Read(ref _read);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        // The byte[] overloads are the ones .NET Framework's HttpClient calls; .NET calls the Span and Memory ones.
        public override int Read(byte[] buffer, int offset, int count) => Fill(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Fill(buffer.AsSpan(offset, count)));

#if NET
        public override int Read(Span<byte> buffer) => Fill(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Fill(buffer.Span));
#endif

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Fill(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _read);
            buffer[..n].Fill((byte)'x');
            Interlocked.Add(ref _read, n);
            return n;
        }
    }
}
