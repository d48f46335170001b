using System.Text;
using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Logging;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>In-dialog requests: ACK, re-INVITE, UPDATE, INFO, BYE (RFC 3261 §12.2.2, §13.3.1.4, §14; RFC 3311; RFC 4028).</summary>
public sealed partial class SipServer
{
    private void HandleAck(SipRequest request)
    {
        // RFC 3261 §17.2.1: an ACK for a failure response reuses the INVITE's branch and ends its transaction.
        if (TransactionKey.For(request, SipMethods.Invite) is { } key && _transactions.Find(key) is { IsInvite: true } invite)
        {
            lock (invite.Gate)
            {
                if (invite.LastStatus >= 300)
                {
                    if (invite.State == ServerTransactionState.Completed)
                    {
                        invite.State = ServerTransactionState.Confirmed;
                        invite.RetransmitTimer?.Dispose();
                        invite.RetransmitTimer = null;
                    }

                    return;
                }
            }
        }

        // RFC 3261 §13.2.2.4: the ACK for a 2xx has a branch of its own; it matches the dialog by tags and CSeq.
        if (request.To?.Tag is not { } toTag || !_dialogs.TryGetValue(IdOf(request, toTag), out var dialog))
        {
            return;
        }

        SdpSession? answer = null;
        bool deliver;
        lock (dialog.Gate)
        {
            if (dialog.State == DialogState.Terminated || request.CSeq?.Number != dialog.PendingInviteCSeq || dialog.Retransmitter is null)
            {
                // A retransmitted ACK, or one for an INVITE already acknowledged.
                return;
            }

            dialog.Retransmitter.Stop();
            dialog.Retransmitter = null;
            deliver = dialog.State == DialogState.Early || dialog.OfferPending;
            dialog.State = DialogState.Confirmed;
            if (dialog.OfferPending)
            {
                // Delayed offer (CUCM BiB) or a re-INVITE without SDP: the answer is in the ACK (docs/interop.md TX-6, SD-6, SD-8).
                var body = SipBodyReader.Read(request);
                if (body.Sdp is not null && SdpParser.TryParse(body.Sdp, out var parsed))
                {
                    answer = parsed;
                }

                dialog.OfferPending = false;
            }
        }

        if (deliver)
        {
            _sessions.OnAck(dialog.Leg, answer, _time.GetUtcNow());
        }
    }

    /// <summary>Finds the dialog of an in-dialog request and checks its CSeq; answers 481 or 500 itself and returns null then.</summary>
    private async ValueTask<SipDialog?> InDialogAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        if (request.To?.Tag is not { } toTag || !_dialogs.TryGetValue(IdOf(request, toTag), out var dialog))
        {
            await RespondAsync(transaction, 481, "Call/Transaction Does Not Exist", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var cseq = request.CSeq!.Value.Number;
        bool outOfOrder;
        lock (dialog.Gate)
        {
            // RFC 3261 §12.2.2: a remote CSeq lower than the last one is out of order.
            outOfOrder = cseq <= dialog.RemoteCSeq;
            if (!outOfOrder)
            {
                dialog.RemoteCSeq = cseq;
            }
        }

        if (outOfOrder)
        {
            _counters.OutOfOrderRequests.Add(1);
            await RespondAsync(transaction, 500, "Server Internal Error (CSeq out of order)", cancellationToken, r => r.Headers.Add(HeaderNames.RetryAfter, "1")).ConfigureAwait(false);
            return null;
        }

        return dialog;
    }

    private async ValueTask HandleReInviteOrUpdateAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        var dialog = await InDialogAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (dialog is null)
        {
            return;
        }

        if (UnsupportedRequirements(request) is { Count: > 0 } unsupported)
        {
            await RespondAsync(transaction, 420, "Bad Extension", cancellationToken, r => r.Headers.Add(HeaderNames.Unsupported, string.Join(", ", unsupported))).ConfigureAwait(false);
            return;
        }

        var body = SipBodyReader.Read(request);
        if (await RejectBodyAsync(transaction, body, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var isInvite = request.Method == SipMethods.Invite;
        bool glare;
        lock (dialog.Gate)
        {
            // RFC 3261 §14.2, RFC 3311 §5.2: an offer of ours (in a 2xx) still waits for its answer.
            glare = dialog.OfferPending && (isInvite || body.Sdp is not null);
        }

        if (glare)
        {
            _counters.GlareRejected.Add(1);
            await RespondAsync(transaction, 491, "Request Pending", cancellationToken, r => r.Headers.Add(HeaderNames.RetryAfter, "1")).ConfigureAwait(false);
            return;
        }

        if (await CheckOfferAsync(transaction, body, cancellationToken).ConfigureAwait(false) is not { } checkedOffer)
        {
            return;
        }

        var (timer, metadata, offer) = checkedOffer;

        var outcome = _sessions.OnDialogUpdate(dialog.Leg, new DialogUpdate(request, offer, request.From, _time.GetUtcNow()) { Metadata = metadata, RawMetadata = metadata is null ? null : body.Metadata });
        if (outcome is DialogUpdateRejected rejected)
        {
            await RespondAsync(transaction, rejected.StatusCode, rejected.ReasonPhrase, cancellationToken, r =>
            {
                if (rejected.Warning is not null)
                {
                    r.Headers.Add(HeaderNames.Warning, rejected.Warning);
                }
            }).ConfigureAwait(false);
            return;
        }

        var sdp = ((DialogUpdateAccepted)outcome).Sdp;
        lock (dialog.Gate)
        {
            // RFC 4028 §10: a successful re-INVITE or UPDATE is a refresh; RFC 3311 §5.2 / RFC 3261 §12.2.2: target refresh.
            dialog.LastRefresh = _time.GetTimestamp();
            if (timer is not null || request.Headers.Contains(HeaderNames.SessionExpires))
            {
                dialog.Timer = timer;
            }

            if (RemoteTargetOf(request) is { } target)
            {
                dialog.RemoteTarget = target;
            }

            if (isInvite && offer is null && sdp is not null)
            {
                dialog.OfferPending = true;
            }
        }

        var response = ResponseFactory.Create(request, 200, "OK", transaction.Source);
        DecorateSuccess(response, dialog, request);
        if (sdp is not null && (isInvite || offer is not null))
        {
            response.Headers.Add(HeaderNames.ContentType, "application/sdp");
            response.Body = Encoding.UTF8.GetBytes(sdp);
        }

        if (isInvite)
        {
            // The 2xx to a re-INVITE is retransmitted until its ACK, like the first one.
            var bytes = SipMessageWriter.ToBytes(response);
            lock (transaction.Gate)
            {
                transaction.LastResponse = bytes;
                transaction.LastStatus = 200;
                transaction.State = ServerTransactionState.Accepted;
                transaction.FinalSentAt = _time.GetTimestamp();
            }

            StartRetransmitter(dialog, bytes, request.CSeq!.Value.Number, transaction.Destination);
            await _sender.SendAsync(bytes, transaction.Destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendInTransactionAsync(transaction, response, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask HandleInfoAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        if (await InDialogAsync(transaction, cancellationToken).ConfigureAwait(false) is not null)
        {
            await RespondAsync(transaction, 200, "OK", cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleByeAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        var dialog = await InDialogAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (dialog is null)
        {
            return;
        }

        // CUBE sends its final metadata in the BYE (docs/interop.md SR-8, T16); hostile or broken metadata never blocks a BYE.
        var body = SipBodyReader.Read(request);
        var metadata = body.Metadata is null ? null : RecordingMetadataParser.Parse(body.Metadata);
        if (metadata?.Status == MetadataParseStatus.Hostile)
        {
            SipLog.MetadataRefused(_logger, request.CallId!, metadata.Error ?? "hostile");
            metadata = null;
        }

        var first = Terminate(dialog);
        await RespondAsync(transaction, 200, "OK", cancellationToken).ConfigureAwait(false);
        if (first)
        {
            _sessions.OnEnd(dialog.Leg, new LegEnd(LegEndReason.Bye, _time.GetUtcNow())
            {
                Q850Cause = ReasonHeader.Q850Cause(request.Headers),
                ReasonHeader = request.Headers.Get(HeaderNames.Reason),
                Metadata = metadata,
                RawMetadata = metadata is null ? null : body.Metadata,
            });
        }
    }

    /// <summary>Removes the dialog and stops its timers; true for the one caller that should report the end.</summary>
    private bool Terminate(SipDialog dialog)
    {
        _dialogs.TryRemove(new KeyValuePair<DialogId, SipDialog>(dialog.Id, dialog));
        lock (dialog.Gate)
        {
            dialog.Retransmitter?.Stop();
            dialog.Retransmitter = null;
            dialog.State = DialogState.Terminated;
            if (dialog.Ended)
            {
                return false;
            }

            dialog.Ended = true;
            return true;
        }
    }
}
