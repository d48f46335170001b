using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>One dialog we accepted (RFC 3261 §12): identified by Call-ID and both tags.</summary>
public sealed class SipDialog
{
    public SipDialog(DialogId id, SipPeer peer, IRecordingLegHandle leg, uint remoteCSeq)
    {
        Id = id;
        Peer = peer;
        Leg = leg;
        RemoteCSeq = remoteCSeq;
    }

    public DialogId Id { get; }

    public SipPeer Peer { get; }

    public IRecordingLegHandle Leg { get; }

    public uint RemoteCSeq { get; set; }

    /// <summary>True once the ACK for the initial 200 arrived.</summary>
    public bool Confirmed { get; set; }

    public TwoXxRetransmitter? Retransmitter { get; set; }
}
