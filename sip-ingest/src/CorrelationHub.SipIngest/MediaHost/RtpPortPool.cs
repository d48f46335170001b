using System.Net;
using System.Net.Sockets;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// Hands out even RTP ports with the odd RTCP port above from <c>Media:RtpPortMin..Max</c> (RFC 3550 §11). Free pairs
/// wait in release order and the one released longest ago goes first, so a just-released port is reused last: stale
/// packets of the previous call then rarely reach a new one. When even that pair was released less than
/// <c>Media:PortCooldownSeconds</c> ago, every free pair was, and it is used anyway (counted, never a refused call).
/// A port in use by another program is skipped and tried again later. Taking and returning a pair is constant time.
/// </summary>
public sealed class RtpPortPool
{
    private readonly Lock _lock = new();
    private readonly Queue<int> _free = new();
    private readonly long[] _releasedAt;
    private readonly bool[] _inUse;
    private readonly int _min;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private int _inUseCount;
    private long _reusedCooling;

    public RtpPortPool(int min, int max, TimeProvider? time = null, TimeSpan? cooldown = null)
    {
        _min = min % 2 == 0 ? min : min + 1;
        var top = max % 2 == 0 ? max - 1 : max;
        if (top <= _min)
        {
            throw new ArgumentException($"Media:RtpPortMin ({min}) must be below Media:RtpPortMax ({max}).");
        }

        _time = time ?? TimeProvider.System;
        _cooldown = cooldown ?? TimeSpan.FromSeconds(30);
        var pairs = ((top - _min) / 2) + 1;
        _releasedAt = new long[pairs];
        _inUse = new bool[pairs];
        for (var i = 0; i < pairs; i++)
        {
            _releasedAt[i] = long.MinValue;
            _free.Enqueue(_min + (2 * i));
        }
    }

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUseCount;
            }
        }
    }

    /// <summary>Pairs handed out within the cooldown of their release because no cooler pair was free.</summary>
    public long ReusedWhileCooling => Interlocked.Read(ref _reusedCooling);

    /// <summary>Binds UDP sockets on the free even port released longest ago and the odd one above; null when every pair is taken.</summary>
    public RtpPortPair? Bind(IPAddress address)
    {
        int attempts;
        lock (_lock)
        {
            attempts = _free.Count;
        }

        for (var attempt = 0; attempt < attempts; attempt++)
        {
            int port;
            lock (_lock)
            {
                if (!_free.TryDequeue(out port))
                {
                    return null;
                }

                var index = (port - _min) / 2;
                _inUse[index] = true;
                _inUseCount++;
                if (_releasedAt[index] != long.MinValue && _time.GetElapsedTime(_releasedAt[index]) < _cooldown)
                {
                    _reusedCooling++;
                }
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
                // Another program holds it: back of the queue, tried again after every other pair.
                rtp.Dispose();
                rtcp.Dispose();
                Release(port);
            }
        }

        return null;
    }

    public void Release(int port)
    {
        var index = (port - _min) / 2;
        lock (_lock)
        {
            if (index < 0 || index >= _inUse.Length || !_inUse[index])
            {
                return;
            }

            _inUse[index] = false;
            _inUseCount--;
            _releasedAt[index] = _time.GetTimestamp();
            _free.Enqueue(port);
        }
    }
}
