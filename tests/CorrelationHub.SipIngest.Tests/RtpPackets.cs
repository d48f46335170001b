using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.Media.Codecs;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Sends G.711 μ-law RTP in real time (20 ms packets), as a forked phone stream arrives.</summary>
internal static class RtpPackets
{
    public static async Task SendToneAsync(IPEndPoint destination, short[] samples, uint ssrc)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var packet = new byte[12 + 160];
        ushort sequence = 1000;
        var timestamp = 50_000u;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var offset = 0; offset + 160 <= samples.Length; offset += 160)
        {
            packet[0] = 0x80;
            packet[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            for (var i = 0; i < 160; i++)
            {
                packet[12 + i] = G711.EncodeMuLaw(samples[offset + i]);
            }

            await socket.SendAsync(packet, destination);
            timestamp += 160;
            await timer.WaitForNextTickAsync();
        }
    }
}
