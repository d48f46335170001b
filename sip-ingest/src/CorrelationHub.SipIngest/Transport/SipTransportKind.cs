namespace CorrelationHub.SipIngest.Transport;

public enum SipTransportKind
{
    Udp,
    Tcp,
    Tls,
}
