using System.Net;
using System.Net.Sockets;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// Which source a stream takes packets from: the first valid one wins; another takes over only after the latched
/// one has been silent for <c>Media:RelatchAfterMilliseconds</c> (media may come from the phone, a gateway or a
/// proxy, not the SIP peer: docs/interop.md SD-11). Used under the stream's gate.
/// </summary>
internal sealed class SourceLatch(TimeProvider time, int relatchAfterMilliseconds)
{
    private SocketAddress? _latched;

    /// <summary>The latched source, once there is one.</summary>
    public IPEndPoint? EndPoint { get; private set; }

    /// <summary>Arrival timestamp of the first accepted packet; null before it.</summary>
    public long? First { get; private set; }

    /// <summary>Arrival timestamp of the last accepted packet (meaningful once <see cref="First"/> is set).</summary>
    public long Last { get; private set; }

    /// <summary>
    /// True when a packet from <paramref name="source"/> is taken (and marks its arrival); false for a foreign
    /// source while the latched one still talks. <paramref name="relatched"/> says the latch moved to it.
    /// </summary>
    public bool Accept(SocketAddress source, long arrival, out bool relatched)
    {
        relatched = false;
        if (_latched is null || !_latched.Equals(source))
        {
            if (_latched is not null && time.GetElapsedTime(Last, arrival).TotalMilliseconds < relatchAfterMilliseconds)
            {
                return false;
            }

            _latched = Copy(source);
            EndPoint = (IPEndPoint)new IPEndPoint(source.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(_latched);
            relatched = true;
        }

        Last = arrival;
        First ??= arrival;
        return true;
    }

    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
