using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CorrelationHub.Simulator.Media;

/// <summary>
/// Sends every active stream's next 20 ms G.711 packet on one paced thread (a phone's forked stream: 50 packets a
/// second, timestamps advancing 160 per packet). When the machine falls behind it catches up a few packets, then
/// skips, as a real network would lose them; skipped packets are counted.
/// </summary>
public sealed class RtpPump : IDisposable
{
    private readonly List<RtpStream> _streams = [];
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    public RtpPump()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "rtp-pump", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public long PacketsSent { get; private set; }

    public long PacketsSkipped { get; private set; }

    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>Starts sending a stream whose socket is already bound (its port went into the SDP).</summary>
    public void Start(RtpStream stream, IPEndPoint destination)
    {
        stream.Destination = destination;
        lock (_gate)
        {
            _streams.Add(stream);
        }
    }

    public void Stop(RtpStream stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }

        stream.Dispose();
    }

    private void Run()
    {
        var clock = Stopwatch.StartNew();
        long tick = 0;
        var batch = new List<RtpStream>();
        while (!_stopping)
        {
            var due = tick * 20;
            var now = clock.ElapsedMilliseconds;
            if (due > now)
            {
                Thread.Sleep((int)Math.Max(1, due - now));
                continue;
            }

            if (now - due > 100)
            {
                var skipped = (now - due) / 20;
                tick += skipped;
                lock (_gate)
                {
                    PacketsSkipped += skipped * _streams.Count;
                }

                continue;
            }

            lock (_gate)
            {
                batch.Clear();
                batch.AddRange(_streams);
            }

            foreach (var stream in batch)
            {
                if (stream.SendNext())
                {
                    PacketsSent++;
                }
            }

            tick++;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        lock (_gate)
        {
            foreach (var stream in _streams)
            {
                stream.Dispose();
            }

            _streams.Clear();
        }
    }
}

/// <summary>One forked stream: its own socket (as each phone has), random SSRC and starting sequence/timestamp (RFC 3550 §5.1).</summary>
public sealed class RtpStream : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _audio;
    private readonly int _payloadType;
    private readonly byte[] _packet = new byte[172];
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private ushort _sequence = (ushort)Random.Shared.Next(0, 65536);
    private uint _timestamp = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
    private int _position;
    private bool _disposed;

    public RtpStream(IPAddress localAddress, byte[] audio, int payloadType)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(localAddress, 0));
        _audio = audio.Length >= 160 ? audio : new byte[160];
        _payloadType = payloadType;
    }

    public IPEndPoint Destination { get; internal set; } = new(IPAddress.Loopback, 9);

    /// <summary>Set when the stream is SRTP (media proxy to a secure recorder).</summary>
    public SrtpSender? Srtp { get; set; }

    public IPEndPoint Local => (IPEndPoint)_socket.LocalEndPoint!;

    internal bool SendNext()
    {
        if (_disposed)
        {
            return false;
        }

        _packet[0] = 0x80;
        _packet[1] = (byte)_payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), _ssrc);
        for (var i = 0; i < 160; i++)
        {
            _packet[12 + i] = _audio[_position];
            _position = (_position + 1) % _audio.Length;
        }

        _timestamp += 160;
        try
        {
            _socket.SendTo(Srtp is null ? _packet : Srtp.Protect(_packet), Destination);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        Srtp?.Dispose();
    }
}
