using System.Collections;
using System.Text;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// An ordered list of <c>;name[=value]</c> parameters. Names compare case-insensitively; values are kept verbatim
/// (CUCM device names arrive in both cases within one call). A flag parameter such as <c>x-nearend</c> or <c>lr</c>
/// has a null value.
/// </summary>
public sealed class SipParameters : IEnumerable<KeyValuePair<string, string?>>
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public static SipParameters Empty => new();

    public int Count => _items.Count;

    public KeyValuePair<string, string?> this[int index] => _items[index];

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value of a parameter, or null when absent or a flag.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    public void Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new(name, value));
        }
        else
        {
            _items[index] = new(name, value);
        }
    }

    public void Add(string name, string? value) => _items.Add(new(name, value));

    /// <summary>Parses <c>;a=1;b;c="x;y"</c>. Leading whitespace and a leading semicolon are optional.</summary>
    public static SipParameters Parse(ReadOnlySpan<char> text)
    {
        var result = new SipParameters();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ';' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ';')
            {
                i++;
            }

            var name = text[nameStart..i].Trim().ToString();
            string? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }

                if (i < text.Length && text[i] == '"')
                {
                    var end = QuotedString.FindEnd(text, i);
                    value = text[i..end].ToString();
                    i = end;
                    while (i < text.Length && text[i] != ';')
                    {
                        i++;
                    }
                }
                else
                {
                    var valueStart = i;
                    while (i < text.Length && text[i] != ';')
                    {
                        i++;
                    }

                    value = text[valueStart..i].Trim().ToString();
                }
            }

            if (name.Length > 0)
            {
                result._items.Add(new(name, value));
            }
        }

        return result;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in _items)
        {
            builder.Append(';').Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }

        return builder.ToString();
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name) => _items.FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
}
