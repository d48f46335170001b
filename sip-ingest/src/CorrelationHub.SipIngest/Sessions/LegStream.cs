using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>One recorded m-line of a leg: its index in the offer (stable across re-offers, RFC 3264 §8), its label, its receiver and our current direction.</summary>
internal sealed class LegStream(int mediaIndex, string? label, StreamReceiver receiver)
{
    public int MediaIndex { get; } = mediaIndex;

    public string? Label { get; } = label;

    public StreamReceiver Receiver { get; } = receiver;

    /// <summary><c>recvonly</c> while media is expected; <c>inactive</c> on hold, or when a re-offer declined the line.</summary>
    public SdpDirection Direction { get; set; } = SdpDirection.RecvOnly;
}
