using System.Net;
using System.Net.Sockets;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// Hands out even RTP ports with the odd RTCP port above from <c>Media:RtpPortMin..Max</c> (RFC 3550 §11),
/// round-robin so that a just-released port is reused last, and not within <c>Media:PortCooldownSeconds</c> of its
/// release while another pair is free: stale packets of the previous call then rarely reach a new one. A port in use
/// by another program is skipped.
/// </summary>
public sealed class RtpPortPool
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _inUse = [];
    private readonly Dictionary<int, long> _released = [];
    private readonly int _min;
    private readonly int _max;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private int _next;

    public RtpPortPool(int min, int max, TimeProvider? time = null, TimeSpan? cooldown = null)
    {
        _min = min % 2 == 0 ? min : min + 1;
        _max = max % 2 == 0 ? max - 1 : max;
        if (_max <= _min)
        {
            throw new ArgumentException($"Media:RtpPortMin ({min}) must be below Media:RtpPortMax ({max}).");
        }

        _time = time ?? TimeProvider.System;
        _cooldown = cooldown ?? TimeSpan.FromSeconds(30);
        _next = _min;
    }

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse.Count;
            }
        }
    }

    /// <summary>Binds UDP sockets on the next free even port and the odd one above; null when the range is exhausted.</summary>
    public RtpPortPair? Bind(IPAddress address)
    {
        var candidates = ((_max - _min) / 2) + 1;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var attempt = 0; attempt < candidates; attempt++)
            {
                int port;
                lock (_lock)
                {
                    port = _next;
                    _next = _next + 2 > _max ? _min : _next + 2;
                    if (_inUse.Contains(port) || (pass == 0 && IsCooling(port)))
                    {
                        continue;
                    }

                    _inUse.Add(port);
                }

                var rtp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                var rtcp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtp.ReceiveBufferSize = 256 * 1024;
                    rtp.Bind(new IPEndPoint(address, port));
                    rtcp.Bind(new IPEndPoint(address, port + 1));
                    return new RtpPortPair(rtp, rtcp);
                }
                catch (SocketException)
                {
                    rtp.Dispose();
                    rtcp.Dispose();
                    Release(port);
                }
            }
        }

        return null;
    }

    public void Release(int port)
    {
        lock (_lock)
        {
            _inUse.Remove(port);
            _released[port] = _time.GetTimestamp();
            if (_released.Count > 4096)
            {
                foreach (var cooled in _released.Where(p => !IsCooling(p.Key)).Select(p => p.Key).ToList())
                {
                    _released.Remove(cooled);
                }
            }
        }
    }

    private bool IsCooling(int port) => _released.TryGetValue(port, out var at) && _time.GetElapsedTime(at) < _cooldown;
}
