using System.Net;
using System.Net.Sockets;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// Hands out even RTP ports from <c>Media:RtpPortMin..Max</c> (RFC 3550 §11: RTP even, RTCP the odd port above),
/// round-robin so that a just-released port is reused last and stale packets of the previous call rarely reach a
/// new one. A port in use by another program is skipped.
/// </summary>
public sealed class RtpPortPool
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _inUse = [];
    private readonly int _min;
    private readonly int _max;
    private int _next;

    public RtpPortPool(int min, int max)
    {
        _min = min % 2 == 0 ? min : min + 1;
        _max = max;
        if (_max <= _min)
        {
            throw new ArgumentException($"Media:RtpPortMin ({min}) must be below Media:RtpPortMax ({max}).");
        }

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

    /// <summary>Binds a UDP socket on the next free even port; null when the range is exhausted.</summary>
    public Socket? Bind(IPAddress address)
    {
        var candidates = ((_max - _min) / 2) + 1;
        for (var attempt = 0; attempt < candidates; attempt++)
        {
            int port;
            lock (_lock)
            {
                port = _next;
                _next = _next + 2 > _max ? _min : _next + 2;
                if (!_inUse.Add(port))
                {
                    continue;
                }
            }

            var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.ReceiveBufferSize = 256 * 1024;
                socket.Bind(new IPEndPoint(address, port));
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
                Release(port);
            }
        }

        return null;
    }

    public void Release(int port)
    {
        lock (_lock)
        {
            _inUse.Remove(port);
        }
    }
}
