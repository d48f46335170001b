using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.Media.Codecs;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Sends G.711 RTP in real time (20 ms packets), as a phone's forked stream arrives.</summary>
public static class RtpSender
{
    public static async Task SendAsync(IPEndPoint destination, short[] samples, int payloadType, uint ssrc, CancellationToken cancellationToken = default)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var packet = new byte[12 + 160];
        ushort sequence = (ushort)Random.Shared.Next(0, 65535);
        var timestamp = (uint)Random.Shared.Next();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var offset = 0; offset + 160 <= samples.Length; offset += 160)
        {
            packet[0] = 0x80;
            packet[1] = (byte)payloadType;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            for (var i = 0; i < 160; i++)
            {
                packet[12 + i] = payloadType == 8 ? G711.EncodeALaw(samples[offset + i]) : G711.EncodeMuLaw(samples[offset + i]);
            }

            await socket.SendAsync(packet, destination, cancellationToken);
            timestamp += 160;
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
