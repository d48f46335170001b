using CorrelationHub.Sip.Siprec;

namespace CorrelationHub.SipIngest.Options;

/// <summary>The <c>Sip:*</c> configuration keys (docs/contracts.md §2, extended; docs/contracts.md §2 lists them).</summary>
public sealed class SipOptions
{
    public const string Section = "Sip";

    /// <summary>Address the SIP listeners bind.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>0 disables UDP. Tests pass a port of their own choosing.</summary>
    public int UdpPort { get; set; } = 5060;

    /// <summary>0 disables TCP.</summary>
    public int TcpPort { get; set; } = 5060;

    /// <summary>The TLS listener runs when a certificate is configured; 0 disables it.</summary>
    public int TlsPort { get; set; } = 5061;

    /// <summary>
    /// Bind every enabled SIP listener on any free port instead of the configured one, and report the ports bound
    /// (log, <c>/health/ready</c>). For tests and benchmarks that run beside a live product.
    /// </summary>
    public bool EphemeralPorts { get; set; }

    /// <summary>The recorder's certificate: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) or a PEM certificate.</summary>
    public string? TlsCertificatePath { get; set; }

    public string? TlsCertificatePassword { get; set; }

    /// <summary>The private key of a PEM certificate when it is in a file of its own.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Ask TLS clients (CUCM's encrypted trunk, CUBE) for a certificate and refuse the connection without a trusted one.</summary>
    public bool TlsRequireClientCertificate { get; set; }

    /// <summary>
    /// SHA-1 or SHA-256 thumbprints (hex) of peer certificates trusted even when their chain does not validate here,
    /// for example CUCM's self-signed CallManager certificate.
    /// </summary>
    public List<string> TlsTrustedThumbprints { get; set; } = [];

    /// <summary>
    /// Addresses or CIDR ranges allowed to send SIP (the CUCM nodes, CUBEs, SBCs): anything else is answered 403
    /// (docs/interop.md, response codes). Empty: everyone.
    /// </summary>
    public List<string> AllowedPeers { get; set; } = [];

    /// <summary>
    /// Address put in Contact and SDP when the listen address is a wildcard and the local address of a request
    /// cannot be told (or is not reachable from the sender, behind NAT). Empty: the address the request arrived on.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>User part of our Contact.</summary>
    public string ContactUser { get; set; } = "correlationhub";

    /// <summary>RFC 3261 T1 in milliseconds (2xx retransmission starts here; 64·T1 is the ACK deadline).</summary>
    public int T1Milliseconds { get; set; } = 500;

    /// <summary>RFC 3261 T2 in milliseconds (cap of the retransmission interval).</summary>
    public int T2Milliseconds { get; set; } = 4000;

    /// <summary>RFC 3261 T4 in milliseconds (how long a UDP INVITE transaction absorbs ACKs after a failure response).</summary>
    public int T4Milliseconds { get; set; } = 5000;

    /// <summary>Answer OPTIONS and new INVITEs with 503 + Retry-After (drain before maintenance, so CUBE and CUCM fail over). Read live.</summary>
    public bool Drain { get; set; }

    /// <summary>
    /// Most recording dialogs at once (a CUCM-recorded call uses two, a SIPREC session one); beyond it OPTIONS and
    /// new INVITEs get 503 + Retry-After, never 486. 0: limited only by the RTP port range.
    /// </summary>
    public int MaxRecordingDialogs { get; set; }

    /// <summary>Retry-After seconds on 503 (drain, capacity, storage).</summary>
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>Our Min-SE (RFC 4028 §5): a Session-Expires below it gets 422.</summary>
    public int SessionMinSeconds { get; set; } = 90;

    /// <summary>End a confirmed leg (and send BYE) when a stream that should carry media received no RTP for this long. 0 disables.</summary>
    public int RtpTimeoutSeconds { get; set; } = 180;

    /// <summary>How often dialogs are checked for expired session timers, RTP silence and refreshes we owe.</summary>
    public int ReaperIntervalSeconds { get; set; } = 5;

    /// <summary>SIPREC: how the agent's stream (left channel) is chosen.</summary>
    public SiprecOptions Siprec { get; set; } = new();
}

/// <summary>The <c>Sip:Siprec:*</c> keys.</summary>
public sealed class SiprecOptions
{
    /// <summary><c>Auto</c>, <c>ExtensionLength</c>, <c>AnchorIsCustomer</c>, <c>AnchorIsAgent</c> or <c>LowestLabel</c>.</summary>
    public SiprecAgentRule AgentRule { get; set; } = SiprecAgentRule.Auto;

    /// <summary>A participant number with at most this many digits (and no <c>+</c> or <c>00</c>) is an internal extension.</summary>
    public int MaxExtensionDigits { get; set; } = SiprecRoles.DefaultMaxExtensionDigits;
}
