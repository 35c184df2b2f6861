#if !NET
using System.Collections;

namespace System.Net.Http.Headers
{

    // .NET 5+ reads headers without parsing them (HttpHeaders.NonValidated). .NET Standard 2.0 has no such view, and no
    // package adds one: this is the same surface over the validated store, so the code that reads headers is one source
    // for both targets. Values added without validation come back as they were added, as on .NET 5+.

    /// <summary>The values of one header (the .NET 5+ type's surface: Count and enumeration).</summary>
    internal readonly struct HeaderStringValues(IEnumerable<string> values) : IEnumerable<string>
    {
        private readonly IEnumerable<string> _values = values ?? [];

        public int Count => _values.Count();

        public IEnumerator<string> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(", ", _values);
    }

    /// <summary>A read-only view of a header collection (the .NET 5+ type's surface that this library uses).</summary>
    internal readonly struct HttpHeadersNonValidated(HttpHeaders headers) : IEnumerable<KeyValuePair<string, HeaderStringValues>>
    {
        public bool Contains(string headerName) => headers.Contains(headerName);

        public bool TryGetValues(string headerName, out HeaderStringValues values)
        {
            if (headers.TryGetValues(headerName, out var found))
            {
                values = new HeaderStringValues(found);
                return true;
            }

            values = default;
            return false;
        }

        public IEnumerator<KeyValuePair<string, HeaderStringValues>> GetEnumerator()
        {
            foreach (var header in headers)
            {
                yield return new KeyValuePair<string, HeaderStringValues>(header.Key, new HeaderStringValues(header.Value));
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace Datagrid.Compatibility
{
    using System.Net.Http.Headers;

    internal static class HttpHeadersNonValidatedExtensions
    {
        extension(HttpHeaders headers)
        {
            /// <summary>The headers as a read-only view (see <see cref="HttpHeadersNonValidated"/>).</summary>
            public HttpHeadersNonValidated NonValidated => new(headers);
        }
    }
}
#endif
