using System.Text;

namespace CorrelationHub.Correlation.Numbers;

/// <summary>The pieces of a dialled address that number comparisons read: its user part and its digits.</summary>
public static class DialString
{
    /// <summary>The text before the host of a SIP or tel URI (<c>sip:+35312345@host</c> → <c>sip:+35312345</c>), trimmed.</summary>
    public static string UserPart(string address)
    {
        var text = address.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? text[..at] : text;
    }

    /// <summary>The ASCII digits of <paramref name="text"/>, in order.</summary>
    public static string Digits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
