namespace CorrelationHub.SipIngest.Options;

/// <summary>The <c>Sip:*</c> configuration keys (contract §2).</summary>
public sealed class SipOptions
{
    public const string Section = "Sip";

    /// <summary>Address the SIP listeners bind.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>0 disables UDP. Tests pass a port of their own choosing.</summary>
    public int UdpPort { get; set; } = 5060;

    /// <summary>0 disables TCP.</summary>
    public int TcpPort { get; set; } = 5060;

    public int TlsPort { get; set; } = 5061;

    /// <summary>
    /// Bind every enabled SIP listener on any free port instead of the configured one, and report the ports bound
    /// (log, <c>/health/ready</c>). For tests and benchmarks that run beside a live product.
    /// </summary>
    public bool EphemeralPorts { get; set; }

    public string? TlsCertificatePath { get; set; }

    public string? TlsCertificatePassword { get; set; }

    /// <summary>
    /// Address put in Contact and SDP when the listen address is a wildcard and the local address of a request
    /// cannot be told (or is not reachable from the sender, behind NAT). Empty: the address the request arrived on.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>User part of our Contact.</summary>
    public string ContactUser { get; set; } = "correlationhub";

    /// <summary>RFC 3261 T1 in milliseconds (2xx retransmission starts here).</summary>
    public int T1Milliseconds { get; set; } = 500;

    /// <summary>RFC 3261 T2 in milliseconds (cap of the 2xx retransmission interval).</summary>
    public int T2Milliseconds { get; set; } = 4000;

    /// <summary>Answer OPTIONS and new INVITEs with 503 (drain before maintenance, so CUBE fails over).</summary>
    public bool Drain { get; set; }
}
