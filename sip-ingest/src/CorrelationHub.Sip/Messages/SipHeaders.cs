using System.Collections;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// Ordered header list. Names are canonical (compact forms expanded); lookups are case-insensitive.
/// Repeated headers are kept as separate entries; <see cref="GetList"/> merges them and splits comma lists
/// (RFC 3261 §7.3.1), which is how CUCM's three <c>Supported</c> lines become one set.
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private readonly List<SipHeader> _headers = [];

    public int Count => _headers.Count;

    /// <summary>Changes on every edit, so parsed views of the headers can be cached safely.</summary>
    public int Version { get; private set; }

    public void Add(string name, string value)
    {
        _headers.Add(new SipHeader(HeaderNames.Normalize(name), value));
        Version++;
    }

    /// <summary>Replaces every header of that name with one value.</summary>
    public void Set(string name, string value)
    {
        var canonical = HeaderNames.Normalize(name);
        Version++;
        var index = _headers.FindIndex(h => string.Equals(h.Name, canonical, StringComparison.OrdinalIgnoreCase));
        _headers.RemoveAll(h => string.Equals(h.Name, canonical, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || index > _headers.Count)
        {
            _headers.Add(new SipHeader(canonical, value));
        }
        else
        {
            _headers.Insert(index, new SipHeader(canonical, value));
        }
    }

    public void Remove(string name)
    {
        Version++;
        var canonical = HeaderNames.Normalize(name);
        _headers.RemoveAll(h => string.Equals(h.Name, canonical, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first header of that name, or null.</summary>
    public string? Get(string name)
    {
        var canonical = HeaderNames.Normalize(name);
        foreach (var header in _headers)
        {
            if (string.Equals(header.Name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Every header line of that name, in order, without splitting.</summary>
    public IEnumerable<string> GetAll(string name)
    {
        var canonical = HeaderNames.Normalize(name);
        foreach (var header in _headers)
        {
            if (string.Equals(header.Name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    /// <summary>All values of a list header, merged across lines and split on commas outside quotes and angle brackets.</summary>
    public IReadOnlyList<string> GetList(string name)
    {
        var values = new List<string>();
        foreach (var line in GetAll(name))
        {
            foreach (var item in HeaderListSplitter.Split(line))
            {
                values.Add(item);
            }
        }

        return values;
    }

    public bool Contains(string name) => Get(name) is not null;

    public IEnumerator<SipHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
