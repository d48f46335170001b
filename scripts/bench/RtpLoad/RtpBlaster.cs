using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.Media.Srtp;

namespace RtpLoad;

/// <summary>
/// Sends one 20 ms packet (G.711 µ-law, G.729 or Opus: <see cref="LoadCodec"/>) every 20 ms to every stream, spread evenly over each 20 ms period (streams are not
/// in lock step, like real phones), from one socket. Calls start one after another over a ramp, as calls arrive in
/// a contact centre, not all in the same 20 ms. Falling behind sends the backlog with the right timestamps.
/// </summary>
internal sealed class RtpBlaster
{
    private readonly Stream[] _streams;
    private readonly Socket _socket;

    private readonly LoadCodec _codec;

    public RtpBlaster(IReadOnlyList<(IPEndPoint Media, bool Near, SrtpSession? Srtp)> targets, LoadCodec codec)
    {
        _codec = codec;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.SendBufferSize = 4 * 1024 * 1024;
        var near = codec.Payloads(400);
        var far = codec.Payloads(1000);
        _streams = [.. targets.Select((t, i) => new Stream(t.Media.Serialize(), t.Near ? near : far, (uint)(0x10000 + i), t.Srtp))];
    }

    public long Sent { get; private set; }

    public long SendErrors { get; private set; }

    /// <summary>The furthest the sender fell behind its schedule (a starved generator is not a recorder result).</summary>
    public TimeSpan MaxLag { get; private set; }

    /// <summary>Sends until <paramref name="duration"/> has passed; stream i starts after i/count of <paramref name="ramp"/>.</summary>
    public void Run(TimeSpan duration, TimeSpan ramp)
    {
        var clock = Stopwatch.StartNew();
        var period = TimeSpan.FromMilliseconds(20).Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var count = _streams.Length;
        var end = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var rampTicks = (long)(ramp.TotalSeconds * Stopwatch.Frequency);
        var buffer = new byte[12 + 1275 + 64];
        long round = 0;
        var cursor = 0;
        while (true)
        {
            var now = clock.ElapsedTicks;
            if (now >= end)
            {
                return;
            }

            // Stream i is due at round·period + i·period/count.
            while ((round * period) + (cursor * period / count) <= now)
            {
                var lag = now - ((round * period) + (cursor * period / count));
                if (lag * TimeSpan.TicksPerSecond / Stopwatch.Frequency > MaxLag.Ticks)
                {
                    MaxLag = TimeSpan.FromTicks(lag * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                }

                if ((round * period) >= rampTicks * cursor / count)
                {
                    Send(_streams[cursor], buffer);
                }

                if (++cursor == count)
                {
                    cursor = 0;
                    round++;
                }
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Protects every SRTP packet of a run of <paramref name="duration"/> now, so that during the measurement the
    /// generator's own crypto does not compete with the recorder's for the same cores (--srtp-ahead).
    /// </summary>
    public void ProtectAhead(TimeSpan duration)
    {
        var packets = (int)(duration.TotalMilliseconds / 20) + 2;
        var scratch = new byte[12 + 1275 + 64];
        foreach (var stream in _streams.Where(s => s.Srtp is not null))
        {
            stream.Ahead = new byte[packets][];
            for (var i = 0; i < packets; i++)
            {
                var length = Build(stream, scratch);
                stream.Ahead[i] = scratch.AsSpan(0, length).ToArray();
            }
        }
    }

    private void Send(Stream stream, byte[] buffer)
    {
        ReadOnlySpan<byte> packet;
        if (stream.Ahead is { } ahead && stream.Sent < ahead.Length)
        {
            packet = ahead[stream.Sent];
        }
        else
        {
            packet = buffer.AsSpan(0, Build(stream, buffer));
        }

        stream.Sent++;
        try
        {
            _socket.SendTo(packet, SocketFlags.None, stream.Address);
            Sent++;
        }
        catch (SocketException)
        {
            SendErrors++;
        }
    }

    /// <summary>The stream's next packet in <paramref name="buffer"/>, protected when the stream is SRTP; returns its length.</summary>
    private int Build(Stream stream, byte[] buffer)
    {
        buffer[0] = 0x80;
        buffer[1] = (byte)_codec.PayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), stream.Sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), stream.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), stream.Ssrc);
        stream.Timestamp += (uint)_codec.TimestampStep;
        var payload = stream.Payloads[stream.Next];
        stream.Next = (stream.Next + 1) % stream.Payloads.Length;
        payload.CopyTo(buffer.AsSpan(12));
        var plain = 12 + payload.Length;
        return stream.Srtp?.ProtectRtp(buffer, plain) ?? plain;
    }

    private sealed class Stream(SocketAddress address, byte[][] payloads, uint ssrc, SrtpSession? srtp)
    {
        public SocketAddress Address { get; } = address;

        /// <summary>A second of packets, sent in a loop.</summary>
        public byte[][] Payloads { get; } = payloads;

        public int Next { get; set; }

        public uint Ssrc { get; } = ssrc;

        public SrtpSession? Srtp { get; } = srtp;

        /// <summary>Packets protected before the run (<see cref="ProtectAhead"/>), sent in order.</summary>
        public byte[][]? Ahead { get; set; }

        public int Sent { get; set; }

        public ushort Sequence { get; set; } = (ushort)Random.Shared.Next(0, 65536);

        public uint Timestamp { get; set; } = (uint)Random.Shared.Next();
    }
}
