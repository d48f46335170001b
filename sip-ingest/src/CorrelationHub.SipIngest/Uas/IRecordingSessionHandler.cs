namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// What the user-agent server asks of the recording layer. Called concurrently from several transports; the server
/// has already absorbed retransmissions, so each request arrives once.
/// </summary>
public interface IRecordingSessionHandler
{
    /// <summary>
    /// A new recording INVITE. May complete later (storage is slow, a capacity check is pending); while it has not
    /// completed a CANCEL can still win, which cancels <paramref name="cancellationToken"/>. A leg accepted after that
    /// is handed back through <see cref="OnEnd"/> with <see cref="LegEndReason.Cancelled"/>.
    /// </summary>
    ValueTask<InviteOutcome> OnInviteAsync(InviteContext context, CancellationToken cancellationToken);

    /// <summary>The ACK arrived; after an offer of ours (delayed offer, or a re-INVITE without SDP) it carries the answer.</summary>
    void OnAck(IRecordingLegHandle leg, Sip.Sdp.SdpSession? answer, DateTimeOffset at);

    /// <summary>An in-dialog re-INVITE or UPDATE: a new offer, new metadata, a new From URI, or only a session refresh.</summary>
    DialogUpdateOutcome OnDialogUpdate(IRecordingLegHandle leg, DialogUpdate update);

    /// <summary>The dialog ended, for the reason given. Called once per accepted leg.</summary>
    void OnEnd(IRecordingLegHandle leg, LegEnd end);

    /// <summary>For the reaper: how much media the leg received so far, and whether media is expected at all (not on hold).</summary>
    LegActivity Activity(IRecordingLegHandle leg);
}
