namespace CorrelationHub.SipIngest.Uas;

/// <summary>Server transaction states of RFC 3261 §17.2 with RFC 6026's Accepted.</summary>
public enum ServerTransactionState
{
    /// <summary>INVITE: 100 sent, the session layer is setting up; a CANCEL can still win. Non-INVITE: no final yet.</summary>
    Proceeding,

    /// <summary>A final response went out (non-2xx for INVITE); retransmissions get it again.</summary>
    Completed,

    /// <summary>INVITE: the ACK for our failure response arrived (RFC 3261 §17.2.1, Timer I).</summary>
    Confirmed,

    /// <summary>INVITE: a 2xx went out; retransmitted INVITEs are absorbed (RFC 6026 §7.1, Timer L).</summary>
    Accepted,
}
