using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>
/// The real recording layer behind a gate that holds INVITE setups until the test opens it — a slow disk made
/// deterministic, so a CANCEL can be sent while the setup is pending.
/// </summary>
internal sealed class GatedSessions(RecordingSessionManager inner) : IRecordingSessionHandler
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Waiting;

    public void Open() => _open.TrySetResult();

    public async ValueTask<InviteOutcome> OnInviteAsync(InviteContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Waiting);
        await _open.Task;
        return await inner.OnInviteAsync(context, cancellationToken);
    }

    public void OnAck(IRecordingLegHandle leg, SdpSession? answer, DateTimeOffset at) => inner.OnAck(leg, answer, at);

    public DialogUpdateOutcome OnDialogUpdate(IRecordingLegHandle leg, DialogUpdate update) => inner.OnDialogUpdate(leg, update);

    public void OnEnd(IRecordingLegHandle leg, LegEnd end) => inner.OnEnd(leg, end);

    public LegActivity Activity(IRecordingLegHandle leg) => inner.Activity(leg);
}
