using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// What a new recording INVITE brings: the request, its SDP offer (null for delayed offer), SIPREC metadata when it
/// carried some, whether it is a SIPREC session, and where it came from.
/// </summary>
public sealed record InviteContext(SipRequest Request, SdpSession? Offer, SipPeer Peer, string AdvertisedAddress, DateTimeOffset ReceivedAt)
{
    public SipBody Body { get; init; } = SipBody.Empty;

    /// <summary>The metadata as parsed (Ok or Invalid; hostile documents never get here), or null when none was sent.</summary>
    public MetadataParseResult? Metadata { get; init; }

    public bool IsSiprec { get; init; }
}
