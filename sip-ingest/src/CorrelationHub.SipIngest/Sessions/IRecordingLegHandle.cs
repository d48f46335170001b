namespace CorrelationHub.SipIngest.Sessions;

/// <summary>The session layer's handle for one accepted recording dialog.</summary>
public interface IRecordingLegHandle
{
    string CallId { get; }

    /// <summary>The SDP we last sent in this dialog (answered again to a session-refresh re-INVITE without SDP).</summary>
    string LocalSdp { get; }
}
