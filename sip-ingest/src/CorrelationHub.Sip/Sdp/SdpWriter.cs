using System.Globalization;
using System.Text;

namespace CorrelationHub.Sip.Sdp;

/// <summary>Writes SDP in the RFC 4566 line order with CRLF line ends.</summary>
public static class SdpWriter
{
    public static string Write(SdpSession session)
    {
        var builder = new StringBuilder(256);
        builder.Append("v=0\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"o={session.OriginUser} {session.SessionId} {session.SessionVersion} IN {session.OriginAddressType} {session.OriginAddress}\r\n");
        builder.Append("s=").Append(session.SessionName).Append("\r\n");
        if (session.ConnectionAddress is not null)
        {
            builder.Append("c=IN ").Append(session.ConnectionAddressType).Append(' ').Append(session.ConnectionAddress).Append("\r\n");
        }

        foreach (var bandwidth in session.Bandwidths)
        {
            builder.Append("b=").Append(bandwidth).Append("\r\n");
        }

        builder.Append("t=").Append(session.Timing).Append("\r\n");
        foreach (var attribute in session.Attributes)
        {
            builder.Append(attribute).Append("\r\n");
        }

        foreach (var media in session.Media)
        {
            builder.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
            if (media.PortCount is { } count)
            {
                builder.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
            }

            builder.Append(' ').Append(media.Protocol);
            foreach (var format in media.Formats)
            {
                builder.Append(' ').Append(format);
            }

            builder.Append("\r\n");
            if (media.ConnectionAddress is not null)
            {
                builder.Append("c=IN ").Append(session.ConnectionAddressType).Append(' ').Append(media.ConnectionAddress).Append("\r\n");
            }

            foreach (var bandwidth in media.Bandwidths)
            {
                builder.Append("b=").Append(bandwidth).Append("\r\n");
            }

            foreach (var attribute in media.Attributes)
            {
                builder.Append(attribute).Append("\r\n");
            }
        }

        return builder.ToString();
    }
}
