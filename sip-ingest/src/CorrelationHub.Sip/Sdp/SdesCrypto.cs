using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// An SDES <c>a=crypto:&lt;tag&gt; &lt;suite&gt; &lt;key-params&gt; [&lt;session-params&gt;]</c> attribute (RFC 4568 §9.1).
/// Several key parameters are separated by ';'. Session parameters we act on: UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP,
/// UNAUTHENTICATED_SRTP and KDR (RFC 4568 §6.3).
/// </summary>
public sealed record SdesCrypto(int Tag, string Suite, IReadOnlyList<SdesKeyParam> Keys, IReadOnlyList<string> SessionParameters)
{
    public bool UnencryptedSrtp => HasParameter("UNENCRYPTED_SRTP");

    public bool UnencryptedSrtcp => HasParameter("UNENCRYPTED_SRTCP");

    public bool UnauthenticatedSrtp => HasParameter("UNAUTHENTICATED_SRTP");

    /// <summary>The key derivation rate exponent from <c>KDR=n</c> (rate 2^n); 0 when absent.</summary>
    public int KeyDerivationRate
    {
        get
        {
            foreach (var parameter in SessionParameters)
            {
                if (parameter.StartsWith("KDR=", StringComparison.OrdinalIgnoreCase) && int.TryParse(parameter.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var kdr))
                {
                    return kdr;
                }
            }

            return 0;
        }
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdesCrypto? crypto)
    {
        crypto = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var fields = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tag) || tag > 999_999_999)
        {
            return false;
        }

        var keys = new List<SdesKeyParam>();
        foreach (var keyParam in fields[2].Split(';'))
        {
            if (!TryParseKey(keyParam, out var key))
            {
                return false;
            }

            keys.Add(key);
        }

        crypto = new SdesCrypto(tag, fields[1], keys, fields[3..]);
        return true;
    }

    /// <summary>Every parseable <c>a=crypto</c> of an m-line, in offer order (unparseable lines are skipped).</summary>
    public static IReadOnlyList<SdesCrypto> Of(SdpMedia media)
    {
        var result = new List<SdesCrypto>();
        foreach (var value in media.AttributeValues("crypto"))
        {
            if (TryParse(value, out var crypto))
            {
                result.Add(crypto);
            }
        }

        return result;
    }

    public string ToAttributeValue()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {string.Join(';', Keys)}");
        return SessionParameters.Count == 0 ? text : text + " " + string.Join(' ', SessionParameters);
    }

    private bool HasParameter(string name) => SessionParameters.Any(p => p.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static bool TryParseKey(string text, [NotNullWhen(true)] out SdesKeyParam? key)
    {
        key = null;
        if (!text.StartsWith("inline:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[7..].Split('|');
        if (parts.Length > 3)
        {
            return false;
        }

        byte[] material;
        try
        {
            material = Convert.FromBase64String(parts[0]);
        }
        catch (FormatException)
        {
            return false;
        }

        ulong? lifetime = null;
        ulong? mki = null;
        var mkiLength = 0;
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                // MKI: value ':' length in bytes, 1..128 (RFC 4568 §6.1).
                if (mki is not null
                    || !ulong.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    || !int.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out mkiLength)
                    || mkiLength is < 1 or > 128)
                {
                    return false;
                }

                mki = value;
            }
            else
            {
                if (lifetime is not null || mki is not null || !TryParseLifetime(part, out var packets))
                {
                    return false;
                }

                lifetime = packets;
            }
        }

        key = new SdesKeyParam(material, lifetime, mki, mkiLength);
        return true;
    }

    private static bool TryParseLifetime(string text, out ulong packets)
    {
        packets = 0;
        if (text.StartsWith("2^", StringComparison.Ordinal))
        {
            if (!int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var exponent) || exponent is < 0 or > 63)
            {
                return false;
            }

            packets = 1UL << exponent;
            return true;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out packets) && packets > 0;
    }
}
