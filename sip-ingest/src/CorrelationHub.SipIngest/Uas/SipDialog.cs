using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// One dialog we accepted (RFC 3261 §12): identified by Call-ID and both tags only, never by URIs (CUCM changes its
/// From URI inside a dialog). Holds what is needed to answer in-dialog requests and to send our own (BYE, refresh):
/// route set, remote target, CSeqs, offer/answer and session-timer state. Changes happen under <see cref="Gate"/>.
/// </summary>
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

    /// <summary>Where the INVITE came from: its connection (TCP/TLS) or its source (UDP).</summary>
    public SipPeer Peer { get; }

    public IRecordingLegHandle Leg { get; }

    public Lock Gate { get; } = new();

    public DialogState State { get; set; } = DialogState.Early;

    public uint RemoteCSeq { get; set; }

    public uint LocalCSeq { get; set; }

    /// <summary>The INVITE's To value without tag: our URI (the From of our requests).</summary>
    public string LocalAddress { get; init; } = string.Empty;

    /// <summary>The INVITE's From value with its tag: the To of our requests.</summary>
    public string RemoteAddress { get; init; } = string.Empty;

    /// <summary>The remote target (RFC 3261 §12.1.1): the Contact URI, updated by target-refresh requests.</summary>
    public string RemoteTarget { get; set; } = string.Empty;

    /// <summary>Record-Route values in order (RFC 3261 §12.1.1: the UAS keeps them as received).</summary>
    public IReadOnlyList<string> RouteSet { get; init; } = [];

    /// <summary>Our Contact value for this dialog.</summary>
    public string LocalContact { get; init; } = string.Empty;

    /// <summary>RFC 7989: our own Session-ID UUID for this dialog, when the client sent one.</summary>
    public string? LocalSessionId { get; init; }

    /// <summary>An offer of ours (in a 2xx) waits for the answer in the ACK (RFC 3264; docs/interop.md SD-6, SD-8).</summary>
    public bool OfferPending { get; set; }

    /// <summary>CSeq of the INVITE whose 2xx waits for its ACK.</summary>
    public uint PendingInviteCSeq { get; set; }

    public TwoXxRetransmitter? Retransmitter { get; set; }

    public SessionTimer? Timer { get; set; }

    /// <summary>When the session was last refreshed (or established).</summary>
    public long LastRefresh { get; set; }

    public bool RefreshInFlight { get; set; }

    /// <summary>The media packet count the reaper last saw, and when it last changed.</summary>
    public long LastMediaPackets { get; set; } = -1;

    public long LastMediaChange { get; set; }

    /// <summary>True once <see cref="IRecordingSessionHandler.OnEnd"/> was called.</summary>
    public bool Ended { get; set; }
}
