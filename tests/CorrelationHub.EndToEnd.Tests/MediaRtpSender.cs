using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.Media.Codecs;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Sends G.711 RTP in real time (20 ms packets), optionally protected with SRTP as the sender's key says.</summary>
public static class MediaRtpSender
{
    public static async Task SendAsync(IPEndPoint destination, short[] samples, int payloadType, uint ssrc, SrtpSession? srtp = null)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[12 + 160 + 64];
        var sequence = (ushort)Random.Shared.Next(0, 65535);
        var timestamp = (uint)Random.Shared.Next();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var offset = 0; offset + 160 <= samples.Length; offset += 160)
        {
            buffer[0] = 0x80;
            buffer[1] = (byte)payloadType;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
            for (var i = 0; i < 160; i++)
            {
                buffer[12 + i] = payloadType == 8 ? G711.EncodeALaw(samples[offset + i]) : G711.EncodeMuLaw(samples[offset + i]);
            }

            var length = srtp is null ? 172 : srtp.ProtectRtp(buffer, 172);
            await socket.SendAsync(buffer.AsMemory(0, length), destination);
            timestamp += 160;
            await timer.WaitForNextTickAsync();
        }
    }
}
