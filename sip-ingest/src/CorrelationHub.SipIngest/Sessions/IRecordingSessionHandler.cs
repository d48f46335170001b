using CorrelationHub.Sip.Sdp;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>What the user-agent server asks of the recording layer. Called concurrently from several transports.</summary>
public interface IRecordingSessionHandler
{
    InviteOutcome OnInvite(InviteContext context);

    /// <summary>The ACK arrived; for delayed offer it carries the answer.</summary>
    void OnAck(IRecordingLegHandle leg, SdpSession? answer, DateTimeOffset at);

    /// <summary>The dialog ended (BYE, CANCEL, no ACK); <paramref name="reason"/> is a short token such as <c>bye</c> or <c>no-ack</c>.</summary>
    void OnEnd(IRecordingLegHandle leg, string reason, string? causeHeader, DateTimeOffset at);
}
