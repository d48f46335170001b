namespace CorrelationHub.SipIngest.Transport;

/// <summary>What transports hand received bytes to: one complete message (a datagram, or a framed stream message).</summary>
public interface ISipMessageHandler
{
    ValueTask HandleAsync(ReadOnlyMemory<byte> message, SipPeer peer, bool isDatagram, CancellationToken cancellationToken);
}
