using System.Buffers.Binary;
using System.Diagnostics;
using CorrelationHub.Media.Srtp;

/// <summary>One measured round: fresh sessions and packets (sequence numbers never repeat, so no replay).</summary>
internal static class CostRun
{
    private const int RtpLength = 12 + 160;

    public static double MicrosecondsPerPacket(SrtpSuite suite, int sessions, int packets, int seed)
    {
        var random = new Random(seed);
        var receivers = new SrtpSession[sessions];
        var senders = new SrtpSession[sessions];
        for (var s = 0; s < sessions; s++)
        {
            var material = new byte[suite.KeyLength + suite.SaltLength];
            random.NextBytes(material);
            senders[s] = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
            receivers[s] = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        }

        // Protected up front so only the receive side is timed; 64 bytes of room for tag and MKI.
        var buffer = new byte[packets * (RtpLength + 64)];
        var lengths = new int[packets];
        for (var i = 0; i < packets; i++)
        {
            var packet = buffer.AsSpan(i * (RtpLength + 64), RtpLength + 64);
            var sequence = (ushort)(i / sessions);
            packet[0] = 0x80;
            packet[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
            BinaryPrimitives.WriteUInt32BigEndian(packet[4..], (uint)(sequence * 160));
            BinaryPrimitives.WriteUInt32BigEndian(packet[8..], (uint)(i % sessions) + 1);
            random.NextBytes(packet[12..RtpLength]);
            lengths[i] = senders[i % sessions].ProtectRtp(packet, RtpLength);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < packets; i++)
        {
            var result = receivers[i % sessions].UnprotectRtp(buffer.AsSpan(i * (RtpLength + 64), lengths[i]), out var length);
            if (result != SrtpResult.Ok || length != RtpLength)
            {
                Console.Error.WriteLine($"packet {i} ({suite.Name}): {result}, length {length}");
                Environment.Exit(1);
            }
        }

        process.Refresh();
        var elapsed = process.TotalProcessorTime - before;
        foreach (var session in receivers.Concat(senders))
        {
            session.Dispose();
        }

        return elapsed.TotalMilliseconds * 1000 / packets;
    }
}
