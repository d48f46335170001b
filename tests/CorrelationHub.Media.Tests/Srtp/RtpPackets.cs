using System.Buffers.Binary;

namespace CorrelationHub.Media.Tests.Srtp;

internal static class RtpPackets
{
    /// <summary>A plain RTP packet with a payload that names its sequence number (so a wrong decrypt shows).</summary>
    public static byte[] Make(ushort sequence, uint timestamp, uint ssrc, int payloadLength = 160, int payloadType = 0)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = (byte)payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 0; i < payloadLength; i++)
        {
            packet[12 + i] = (byte)(sequence + (i * 7));
        }

        return packet;
    }

    /// <summary>An RTCP sender report (RFC 3550 §6.4.1) with no report blocks.</summary>
    public static byte[] SenderReport(uint ssrc, uint rtpTimestamp)
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xE9B3_0000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), 0x8000_0000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(20), 42);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), 42 * 160);
        return packet;
    }
}
