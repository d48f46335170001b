namespace CorrelationHub.Sip.Messages;

/// <summary>RFC 3261 §25.1 quoted-string helpers.</summary>
internal static class QuotedString
{
    /// <summary>Given the index of an opening quote, returns the index just past the closing quote (or the end).</summary>
    public static int FindEnd(ReadOnlySpan<char> text, int openQuote)
    {
        for (var i = openQuote + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    /// <summary>Removes surrounding quotes and backslash escapes.</summary>
    public static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"')
        {
            return value;
        }

        var inner = value[^1] == '"' ? value[1..^1] : value[1..];
        if (!inner.Contains('\\'))
        {
            return inner;
        }

        var chars = new System.Text.StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            chars.Append(inner[i]);
        }

        return chars.ToString();
    }
}
