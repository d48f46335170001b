namespace CorrelationHub.SipIngest.Transport;

/// <summary>Sends serialized SIP bytes to a peer: on its stream connection, or as a UDP datagram to its endpoint.</summary>
public interface ISipSender
{
    /// <summary>Returns false when the message could not be sent (connection gone, socket error).</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipPeer destination, CancellationToken cancellationToken = default);
}
