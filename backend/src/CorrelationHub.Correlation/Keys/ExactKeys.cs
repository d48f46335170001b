using System.Globalization;
using System.Text;
using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Keys;

/// <summary>The kinds of exact key and how each is normalised so that the same key written two ways compares equal.</summary>
public static class ExactKeys
{
    /// <summary>CUCM call-leg CI of the agent's leg: <c>x-refci</c> on the recording, <c>CH</c> in a CTI trace.</summary>
    public const string Refci = "refci";

    /// <summary>A session UUID: CUCM <c>x-sessionid</c>, RFC 7989 <c>Session-ID</c>, a CTI trace's <c>Session-ID: Device=</c>.</summary>
    public const string SessionId = "session-id";

    /// <summary>The call GUID: SIP <c>Cisco-Guid</c> (four decimal words) or UCCE <c>callGUID</c> (hex).</summary>
    public const string CallGuid = "call-guid";

    /// <summary>A vendor id from SIPREC metadata (Avaya/Oracle UCID, Genesys UUID, ...): <c>vendor:&lt;name&gt;</c>.</summary>
    public const string VendorPrefix = "vendor:";

    public static ExactKey? Create(string kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        kind = kind.Trim().ToLowerInvariant();
        var normalised = kind switch
        {
            Refci => Digits(value),
            SessionId => Hex(value),
            CallGuid => CiscoGuid(value),
            _ => value.Trim().ToLowerInvariant(),
        };
        return string.IsNullOrEmpty(normalised) ? null : new ExactKey(kind, normalised);
    }

    /// <summary>
    /// Cisco-Guid as SIP carries it is four unsigned 32-bit decimal words (<c>1234567890-...</c>); UCCE's callGUID
    /// is the same 128 bits in hex. Both become 32 lower-case hex digits. Anything else is kept as hex digits.
    /// </summary>
    public static string CiscoGuid(string value)
    {
        var parts = value.Trim().Split('-');
        if (parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 10 && p.All(char.IsAsciiDigit)))
        {
            var builder = new StringBuilder(32);
            foreach (var part in parts)
            {
                if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var word))
                {
                    return Hex(value);
                }

                builder.Append(word.ToString("x8", CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        return Hex(value);
    }

    private static string Digits(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        return digits.Length == 0 ? string.Empty : digits.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";
    }

    private static string Hex(string value) => new([.. value.Trim().ToLowerInvariant().Where(char.IsAsciiHexDigit)]);
}
