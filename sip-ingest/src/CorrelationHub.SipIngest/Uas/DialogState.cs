namespace CorrelationHub.SipIngest.Uas;

public enum DialogState
{
    /// <summary>Our 200 OK went out; the ACK has not arrived.</summary>
    Early,

    Confirmed,

    Terminated,
}
