namespace CorrelationHub.SipIngest.Uas;

/// <summary>The session layer's handle for one accepted recording dialog.</summary>
public interface IRecordingLegHandle
{
    string CallId { get; }

    /// <summary>The SDP we last sent in this dialog (offered again to a session-refresh re-INVITE without SDP).</summary>
    string LocalSdp { get; }

    /// <summary>A SIPREC recording session (the server then puts <c>+sip.srs</c> in its Contact, RFC 7866 §6.2).</summary>
    bool IsSiprec { get; }
}
