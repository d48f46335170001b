using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorrelationHub.Sip.Sdp;

/// <summary>An <c>a=rtpmap:&lt;pt&gt; &lt;encoding&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c> value (RFC 4566 §6).</summary>
public sealed record RtpMap(int PayloadType, string Encoding, int ClockRate, int Channels = 1)
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out RtpMap? map)
    {
        map = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
        {
            return false;
        }

        var encoding = parts[1].Split('/');
        if (encoding.Length < 2 || !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock))
        {
            return false;
        }

        var channels = 1;
        if (encoding.Length > 2 && !int.TryParse(encoding[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels))
        {
            return false;
        }

        map = new RtpMap(pt, encoding[0], clock, channels);
        return true;
    }

    /// <summary>The RFC 3551 static payload types this product knows, used when an offer omits rtpmap.</summary>
    public static RtpMap? Static(int payloadType) => payloadType switch
    {
        0 => new RtpMap(0, "PCMU", 8000),
        8 => new RtpMap(8, "PCMA", 8000),
        9 => new RtpMap(9, "G722", 8000),
        13 => new RtpMap(13, "CN", 8000),
        18 => new RtpMap(18, "G729", 8000),
        _ => null,
    };

    public string ToAttributeValue() => Channels == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {Encoding}/{ClockRate}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {Encoding}/{ClockRate}/{Channels}");
}
