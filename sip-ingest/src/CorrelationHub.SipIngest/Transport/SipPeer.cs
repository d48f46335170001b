using System.Net;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>Where a message came from (or goes to): transport, remote and local endpoints, and the stream connection if any.</summary>
public sealed record SipPeer(SipTransportKind Transport, IPEndPoint Remote, IPEndPoint Local, long ConnectionId = 0)
{
    public bool IsStream => Transport != SipTransportKind.Udp;

    public string TransportToken => Transport switch
    {
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        _ => "UDP",
    };
}
