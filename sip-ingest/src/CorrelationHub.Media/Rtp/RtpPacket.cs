using System.Buffers.Binary;

namespace CorrelationHub.Media.Rtp;

/// <summary>
/// An RTP packet header view over received bytes (RFC 3550 §5.1). Padding, CSRCs and a header extension are
/// skipped so that <see cref="Payload"/> is exactly the codec data.
/// </summary>
public readonly ref struct RtpPacket
{
    private RtpPacket(ReadOnlySpan<byte> packet, int payloadOffset, int payloadLength)
    {
        Marker = (packet[1] & 0x80) != 0;
        PayloadType = packet[1] & 0x7F;
        SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        HeaderLength = payloadOffset;
        Payload = packet.Slice(payloadOffset, payloadLength);
    }

    public bool Marker { get; }

    public int PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public int HeaderLength { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>True for RTCP packet types that can share a port when rtcp-mux is used (RFC 5761 §4: 72–76 after masking).</summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] is >= 192 and <= 223;

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp)
    {
        rtp = default;
        if (packet.Length < 12 || (packet[0] >> 6) != 2 || LooksLikeRtcp(packet))
        {
            return false;
        }

        var csrcCount = packet[0] & 0x0F;
        var offset = 12 + (4 * csrcCount);
        if (offset > packet.Length)
        {
            return false;
        }

        if ((packet[0] & 0x10) != 0)
        {
            // Header extension: 16-bit profile, 16-bit length in 32-bit words (RFC 3550 §5.3.1).
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            var words = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            offset += 4 + (4 * words);
            if (offset > packet.Length)
            {
                return false;
            }
        }

        var end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            // Padding: the last octet counts the padding octets, itself included.
            var padding = packet[^1];
            if (padding == 0 || end - padding < offset)
            {
                return false;
            }

            end -= padding;
        }

        rtp = new RtpPacket(packet, offset, end - offset);
        return true;
    }
}
