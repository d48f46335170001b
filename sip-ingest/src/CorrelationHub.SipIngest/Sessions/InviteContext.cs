using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>What a new recording INVITE brings: the request, its SDP offer (null for delayed offer) and where it came from.</summary>
public sealed record InviteContext(SipRequest Request, SdpSession? Offer, SipPeer Peer, string AdvertisedAddress, DateTimeOffset ReceivedAt);
