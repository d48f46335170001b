namespace CorrelationHub.Sip.Siprec;

/// <summary>Reads phone numbers and extensions out of metadata addresses and names.</summary>
public static class ParticipantNumbers
{
    /// <summary>The user part of a sip:/sips:/tel: AOR, or the whole AOR when it has no host (<c>sip:02077705371</c>).</summary>
    public static string? FromAor(string? aor)
    {
        if (string.IsNullOrWhiteSpace(aor))
        {
            return null;
        }

        var text = aor.Trim().Trim('<', '>');
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && text[..colon] is var scheme && (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase) || scheme.Equals("tel", StringComparison.OrdinalIgnoreCase)))
        {
            text = text[(colon + 1)..];
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var user = at >= 0 ? text[..at] : text;
        var semicolon = user.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            user = user[..semicolon];
        }

        user = user.Trim();
        return user.Length == 0 ? null : user;
    }

    /// <summary>The name when it is a number (<c>+353851231234 </c>, <c>9000</c>), else null.</summary>
    public static string? FromName(string? name)
    {
        var text = name?.Trim();
        return !string.IsNullOrEmpty(text) && LooksLikeNumber(text) ? text : null;
    }

    public static bool LooksLikeNumber(string text)
    {
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c == '+' && i == 0) && c is not ('*' or '#'))
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>
    /// True for an internal extension: digits only, no <c>+</c> or international prefix <c>00</c>, between 2 and
    /// <paramref name="maxDigits"/> digits.
    /// </summary>
    public static bool IsExtension(string? number, int maxDigits)
    {
        if (string.IsNullOrEmpty(number) || number[0] == '+' || number.StartsWith("00", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return number.Length >= 2 && number.Length <= maxDigits;
    }
}
