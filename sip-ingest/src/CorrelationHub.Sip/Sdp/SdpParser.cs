using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CorrelationHub.Sip.Sdp;

/// <summary>
/// A tolerant SDP reader: CRLF or LF, unknown and out-of-order lines ignored, missing <c>c=</c> or <c>t=</c>
/// accepted, whitespace after <c>a=</c> tolerated (Cisco samples show <c>a= label:1</c>).
/// </summary>
public static class SdpParser
{
    public static bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out SdpSession? session)
        => TryParse(Encoding.UTF8.GetString(body), out session);

    public static bool TryParse(string text, [NotNullWhen(true)] out SdpSession? session)
    {
        session = null;
        var result = new SdpSession();
        SdpMedia? media = null;
        var sawVersion = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length < 2 || line[1] != '=')
            {
                continue;
            }

            var value = line[2..].Trim();
            switch (line[0])
            {
                case 'v':
                    sawVersion = true;
                    break;
                case 'o':
                    ParseOrigin(value, result);
                    break;
                case 's':
                    if (media is null)
                    {
                        result.SessionName = value.Length == 0 ? "-" : value;
                    }

                    break;
                case 'c':
                    var (type, address) = ParseConnection(value);
                    if (media is null)
                    {
                        result.ConnectionAddress = address;
                        result.ConnectionAddressType = type;
                    }
                    else
                    {
                        media.ConnectionAddress ??= address;
                    }

                    break;
                case 't':
                    if (media is null)
                    {
                        result.Timing = value;
                    }

                    break;
                case 'b':
                    (media?.Bandwidths ?? result.Bandwidths).Add(value);
                    break;
                case 'm':
                    media = ParseMediaLine(value);
                    if (media is null)
                    {
                        return false;
                    }

                    result.Media.Add(media);
                    break;
                case 'a':
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    var attribute = colon < 0
                        ? new SdpAttribute(value.Trim(), null)
                        : new SdpAttribute(value[..colon].Trim(), value[(colon + 1)..].Trim());
                    (media?.Attributes ?? result.Attributes).Add(attribute);
                    break;
            }
        }

        if (!sawVersion && result.Media.Count == 0)
        {
            return false;
        }

        session = result;
        return true;
    }

    private static void ParseOrigin(string value, SdpSession session)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 6)
        {
            return;
        }

        session.OriginUser = parts[0];
        session.SessionId = parts[1];
        session.SessionVersion = ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
        session.OriginAddressType = parts[4];
        session.OriginAddress = parts[5];
    }

    private static (string Type, string? Address) ParseConnection(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            return ("IP4", null);
        }

        // Multicast TTL suffix ("/127") is not expected from recording clients; keep only the address.
        var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
        return (parts[1], slash >= 0 ? parts[2][..slash] : parts[2]);
    }

    private static SdpMedia? ParseMediaLine(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            return null;
        }

        var media = new SdpMedia { Media = parts[0], Protocol = parts[2] };
        var portText = parts[1];
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            media.PortCount = int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return null;
        }

        media.Port = port;
        for (var i = 3; i < parts.Length; i++)
        {
            media.Formats.Add(parts[i]);
        }

        return media;
    }
}
