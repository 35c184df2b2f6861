namespace Datagrid.Cli.Ids;

/// <summary>
/// A 128-bit fingerprint of a row (teamspace and id): what the done set and the duplicate check keep instead of the
/// strings, so memory does not grow with the length of the ids. Two independent 64-bit FNV-1a hashes, each finished
/// with MurmurHash3's mixer; the chance that two of ten million rows share a fingerprint is about 10^-25. Stable across
/// processes (not <see cref="HashCode"/>, which is seeded per process).
/// </summary>
internal static class RowHash
{
    public static UInt128 Of(string? teamspace, string id)
    {
        ulong a = 14695981039346656037UL, b = 0x9E3779B97F4A7C15UL;
        if (teamspace is not null)
        {
            Add(ref a, ref b, teamspace);

            // U+001F separates: a control character neither may contain (both are validated).
            Add(ref a, ref b, "\u001F");
        }

        Add(ref a, ref b, id);
        return new UInt128(Mix(a), Mix(b ^ (ulong)id.Length));
    }

    /// <summary>The upper 64 bits: enough to find the few rows that may repeat.</summary>
    public static ulong High(UInt128 hash) => (ulong)(hash >> 64);

    private static void Add(ref ulong a, ref ulong b, string text)
    {
        const ulong Prime = 1099511628211UL;
        foreach (var c in text)
        {
            a = (a ^ c) * Prime;
            b = (b ^ c) * 0x100000001B3UL * 31 + 0x632BE59BD9B4E019UL;
        }
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xFF51AFD7ED558CCDUL;
        k ^= k >> 33;
        k *= 0xC4CEB9FE1A85EC53UL;
        k ^= k >> 33;
        return k;
    }
}
