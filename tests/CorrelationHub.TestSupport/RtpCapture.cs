using System.Buffers.Binary;

namespace CorrelationHub.TestSupport;

/// <summary>
/// Writes RTP packets as a classic pcap of Ethernet/IPv4/UDP frames, one every <c>packetMicros</c>, for sipp's
/// <c>play_pcap_audio</c> (sipp replaces addresses and ports when it plays them; only the RTP and the timing matter).
/// An empty entry is a packet the sender did not send (DTX): its time passes without a frame.
/// </summary>
public static class RtpCapture
{
    public static void Write(string path, IReadOnlyList<byte[]> packets, int packetMicros)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        file.Write(header);
        for (var p = 0; p < packets.Count; p++)
        {
            var rtp = packets[p];
            if (rtp.Length == 0)
            {
                continue;
            }

            var frame = new byte[16 + 14 + 20 + 8 + rtp.Length];
            var micros = (long)p * packetMicros;
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(1776674248 + (micros / 1_000_000)));
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), (uint)(frame.Length - 16));
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), (uint)(frame.Length - 16));
            byte[] ethernet = [0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00];
            ethernet.CopyTo(frame, 16);
            var ip = frame.AsSpan(30);
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + rtp.Length));
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)p);
            ip[8] = 64;
            ip[9] = 17;
            byte[] addresses = [127, 0, 0, 1, 127, 0, 0, 1];
            addresses.CopyTo(ip[12..]);
            var udp = frame.AsSpan(50);
            BinaryPrimitives.WriteUInt16BigEndian(udp, 16000);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 16002);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + rtp.Length));
            rtp.CopyTo(frame, 58);
            file.Write(frame);
        }
    }
}
