using System.Diagnostics.CodeAnalysis;

namespace Datagrid.Http;

/// <summary>
/// A typed value carried on a request: <c>HttpRequestMessage.Options</c> on .NET 5 and later, <c>Properties</c> (the
/// same store, under the same name) on .NET Standard 2.0, which has no <c>Options</c>. A user's handler reads it by
/// <see cref="Name"/> either way.
/// </summary>
internal sealed class RequestOption<T>
{
#if NET
    private readonly HttpRequestOptionsKey<T> _key;
#endif

    public RequestOption(string name)
    {
        Name = name;
#if NET
        _key = new HttpRequestOptionsKey<T>(name);
#endif
    }

    /// <summary>The key in the request's options (or properties).</summary>
    public string Name { get; }

    public bool TryGet(HttpRequestMessage request, [MaybeNullWhen(false)] out T value)
    {
#if NET
        return request.Options.TryGetValue(_key, out value);
#else
        if (request.Properties.TryGetValue(Name, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
#endif
    }

    public void Set(HttpRequestMessage request, T value)
    {
#if NET
        request.Options.Set(_key, value);
#else
        request.Properties[Name] = value;
#endif
    }

    /// <summary>Sets an already boxed value (a cached box saves an allocation per retry).</summary>
    public void SetBoxed(HttpRequestMessage request, object value)
    {
#if NET
        ((IDictionary<string, object?>)request.Options)[Name] = value;
#else
        request.Properties[Name] = value;
#endif
    }
}
