using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Datagrid;

/// <summary>A case-insensitive dictionary whose writes throw once its <see cref="FreezeGuard"/> is frozen.</summary>
internal sealed class FreezableDictionary : IDictionary<string, string>
{
    private readonly Dictionary<string, string> _inner = new(StringComparer.OrdinalIgnoreCase);
    private readonly FreezeGuard _guard;

    public FreezableDictionary(FreezeGuard guard) => _guard = guard;

    public ICollection<string> Keys => _inner.Keys;

    public ICollection<string> Values => _inner.Values;

    public int Count => _inner.Count;

    public bool IsReadOnly => _guard.IsFrozen;

    public string this[string key]
    {
        get => _inner[key];
        set
        {
            _guard.ThrowIfFrozen();
            _inner[key] = value;
        }
    }

    public void Add(string key, string value)
    {
        _guard.ThrowIfFrozen();
        _inner.Add(key, value);
    }

    public void Add(KeyValuePair<string, string> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        _guard.ThrowIfFrozen();
        _inner.Clear();
    }

    public bool Contains(KeyValuePair<string, string> item) => ((ICollection<KeyValuePair<string, string>>)_inner).Contains(item);

    public bool ContainsKey(string key) => _inner.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, string>>)_inner).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _inner.GetEnumerator();

    public bool Remove(string key)
    {
        _guard.ThrowIfFrozen();
        return _inner.Remove(key);
    }

    public bool Remove(KeyValuePair<string, string> item)
    {
        _guard.ThrowIfFrozen();
        return ((ICollection<KeyValuePair<string, string>>)_inner).Remove(item);
    }

#if !NET
#pragma warning disable CS8767 // .NET Standard 2.0's IDictionary has no [MaybeNullWhen] to match.
#endif
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _inner.TryGetValue(key, out value);
#if !NET
#pragma warning restore CS8767
#endif

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
