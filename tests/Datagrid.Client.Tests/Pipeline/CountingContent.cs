using System.Text;

namespace Datagrid.Client.Tests.Pipeline;

/// <summary>A body that counts how often it was read (serialized), to tell a buffered response from an unread one.</summary>
internal sealed class CountingContent(string text) : HttpContent
{
    public int Reads { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        Reads++;
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Encoding.UTF8.GetByteCount(text);
        return true;
    }
}
