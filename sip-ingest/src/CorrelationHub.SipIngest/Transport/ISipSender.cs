using System.Net;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>Sends serialized SIP bytes to a peer: on its stream connection, or as a UDP datagram to its endpoint.</summary>
public interface ISipSender
{
    /// <summary>Returns false when the message could not be sent (connection gone, socket error).</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken = default);

    /// <summary>True for UDP, and for a stream peer whose connection is still open.</summary>
    bool IsOpen(SipPeer peer);

    /// <summary>
    /// Opens a TCP or TLS connection for a request of ours when the client's connection is gone (RFC 3261 §18.1.1,
    /// docs/interop.md TR-6); responses come back through the message handler. Null when it cannot connect.
    /// </summary>
    ValueTask<SipPeer?> ConnectAsync(SipTransportKind transport, IPEndPoint remote, CancellationToken cancellationToken = default);
}
