using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Sessions;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>Initial INVITEs and CANCEL (RFC 3261 §9.2, §13.3, §17.2.1; RFC 6026).</summary>
public sealed partial class SipServer
{
    private async ValueTask HandleNewInviteAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        lock (transaction.Gate)
        {
            // The dialog's local tag, fixed before anything can answer (a CANCEL's 200 must carry it too).
            transaction.LocalTag ??= NewTag();
        }

        var unsupported = UnsupportedRequirements(request);
        if (unsupported.Count > 0)
        {
            // RFC 3261 §8.2.2.3: only for tags we do not support (siprec, timer, 100rel, replaces are fine).
            await RespondAsync(transaction, 420, "Bad Extension", cancellationToken, r => r.Headers.Add(HeaderNames.Unsupported, string.Join(", ", unsupported))).ConfigureAwait(false);
            return;
        }

        if (_admission.Refusal(LiveDialogs) is { } refusal)
        {
            _counters.InvitesRefused.Add(1);
            SipLog.Refused(_logger, refusal);
            await RespondAsync(transaction, 503, "Service Unavailable", cancellationToken, r => AddRefusal(r, refusal)).ConfigureAwait(false);
            return;
        }

        var body = SipBodyReader.Read(request);
        if (await RejectBodyAsync(transaction, body, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (await CheckOfferAsync(transaction, body, cancellationToken).ConfigureAwait(false) is not { } checkedOffer)
        {
            return;
        }

        var (timer, metadata, offer) = checkedOffer;

        // RFC 3261 §17.2.1, §8.2.6.1: 100 Trying at once (it stops UDP INVITE retransmission), with the Timestamp.
        await RespondAsync(transaction, 100, "Trying", cancellationToken).ConfigureAwait(false);

        var setup = new CancellationTokenSource();
        lock (transaction.Gate)
        {
            transaction.LocalTag ??= NewTag();
            transaction.Setup = setup;
        }

        var context = new InviteContext(request, offer, transaction.Source, AdvertisedAddress(transaction.Source), _time.GetUtcNow())
        {
            Body = body,
            Metadata = metadata,
            IsSiprec = SiprecClassifier.IsSiprec(request, body),
        };

        Interlocked.Increment(ref _pendingSetups);
        ValueTask<InviteOutcome> pending;
        try
        {
            pending = _sessions.OnInviteAsync(context, setup.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            pending = ValueTask.FromException<InviteOutcome>(ex);
        }

        if (pending.IsCompleted)
        {
            await CompleteInviteAsync(transaction, context, timer, pending, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The setup waits on something (storage): the transport goes on reading, and a CANCEL may still win.
            _ = CompleteDetachedAsync(transaction, context, timer, pending);
        }
    }

    private async Task CompleteDetachedAsync(ServerTransaction transaction, InviteContext context, SessionTimer? timer, ValueTask<InviteOutcome> pending)
    {
        try
        {
            await CompleteInviteAsync(transaction, context, timer, pending, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            transaction.ReleaseRequest();
        }
    }

    private async ValueTask CompleteInviteAsync(ServerTransaction transaction, InviteContext context, SessionTimer? timer, ValueTask<InviteOutcome> pending, CancellationToken cancellationToken)
    {
        InviteOutcome outcome;
        try
        {
            outcome = await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = new InviteRejected(487, "Request Terminated");
        }
        catch (Exception ex)
        {
            _counters.HandlerFailures.Add(1);
            SipLog.HandlerFailed(_logger, transaction.Source.TransportToken, ex);
            outcome = new InviteRejected(500, "Server Internal Error", RetryAfterSeconds: _admission.RetryAfterSeconds);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingSetups);
        }

        // The transaction may have been answered by a CANCEL and let go of its request meanwhile: the context holds it.
        var request = context.Request;
        SipDialog? dialog = null;
        SipResponse? response = null;
        bool cancelled;
        lock (transaction.Gate)
        {
            cancelled = transaction.State != ServerTransactionState.Proceeding;
            if (!cancelled && outcome is InviteAccepted accepted)
            {
                (dialog, response) = CreateDialog(transaction, context, accepted, timer);
                _dialogs[dialog.Id] = dialog;

                // Claim the transaction before sending, so a CANCEL that arrives now finds it answered.
                transaction.State = ServerTransactionState.Accepted;
            }
        }

        transaction.Setup?.Dispose();
        if (cancelled)
        {
            if (outcome is InviteAccepted late)
            {
                // RFC 3261 §9.2: the CANCEL won; the leg the session layer built is released, nothing is recorded.
                _sessions.OnEnd(late.Leg, new LegEnd(LegEndReason.Cancelled, _time.GetUtcNow()));
            }

            return;
        }

        if (outcome is InviteRejected rejected)
        {
            _counters.InvitesRejected.Add(1);
            SipLog.InviteRejected(_logger, rejected.StatusCode, rejected.ReasonPhrase);
            await RespondAsync(transaction, rejected.StatusCode, rejected.ReasonPhrase, cancellationToken, r =>
            {
                if (rejected.Warning is not null)
                {
                    r.Headers.Add(HeaderNames.Warning, rejected.Warning);
                }

                if (rejected.RetryAfterSeconds is { } retry)
                {
                    r.Headers.Add(HeaderNames.RetryAfter, retry.ToString(CultureInfo.InvariantCulture));
                }
            }).ConfigureAwait(false);
            return;
        }

        _counters.InvitesAccepted.Add(1);
        var bytes = SipMessageWriter.ToBytes(response!);
        lock (transaction.Gate)
        {
            transaction.LastResponse = bytes;
            transaction.LastStatus = 200;
            transaction.FinalSentAt = _time.GetTimestamp();
        }

        StartRetransmitter(dialog!, bytes, request.CSeq!.Value.Number, transaction.Destination);
        await _sender.SendAsync(bytes, transaction.Destination, cancellationToken).ConfigureAwait(false);
    }

    private (SipDialog Dialog, SipResponse Response) CreateDialog(ServerTransaction transaction, InviteContext context, InviteAccepted accepted, SessionTimer? timer)
    {
        var request = context.Request;
        var peer = transaction.Source;
        var contact = ContactFor(peer, accepted.Leg.IsSiprec);
        var sessionId = request.Headers.Get(HeaderNames.SessionId) is { } remoteSession ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null;
        var dialog = new SipDialog(IdOf(request, transaction.LocalTag!), peer, accepted.Leg, request.CSeq!.Value.Number)
        {
            LocalAddress = request.Headers.Get(HeaderNames.To) ?? string.Empty,
            RemoteAddress = request.Headers.Get(HeaderNames.From) ?? string.Empty,
            RemoteTarget = RemoteTargetOf(request) ?? string.Empty,
            RouteSet = request.Headers.GetList(HeaderNames.RecordRoute),
            LocalContact = contact,
            LocalSessionId = sessionId,
            OfferPending = context.Offer is null,
            PendingInviteCSeq = request.CSeq!.Value.Number,
            Timer = timer,
            LastRefresh = _time.GetTimestamp(),
            LastMediaChange = _time.GetTimestamp(),
        };

        var response = ResponseFactory.Create(request, 200, "OK", peer, transaction.LocalTag);
        DecorateSuccess(response, dialog, request);
        response.Headers.Add(HeaderNames.ContentType, "application/sdp");
        response.Body = Encoding.UTF8.GetBytes(accepted.Sdp);
        return (dialog, response);
    }

    /// <summary>Headers of every 2xx to an INVITE or UPDATE of the dialog.</summary>
    private void DecorateSuccess(SipResponse response, SipDialog dialog, SipRequest request)
    {
        // RFC 3261 §12.1.1: the Record-Route of the request is copied into the 2xx unchanged (docs/interop.md DL-4).
        foreach (var route in request.Headers.GetAll(HeaderNames.RecordRoute))
        {
            response.Headers.Add(HeaderNames.RecordRoute, route);
        }

        response.Headers.Add(HeaderNames.Contact, dialog.LocalContact);
        response.Headers.Add(HeaderNames.Allow, SipMethods.AllowList);
        response.Headers.Add(HeaderNames.Supported, SupportedList);
        if (dialog.Timer is { } timer)
        {
            // RFC 4028 §9: echo the interval with the refresher; Require: timer when the client supports it.
            response.Headers.Add(HeaderNames.SessionExpires, timer.ResponseHeader);
            if (timer.ClientSupportsTimer)
            {
                response.Headers.Add(HeaderNames.Require, "timer");
            }
        }

        if (dialog.LocalSessionId is { } local && request.Headers.Get(HeaderNames.SessionId) is { } remote)
        {
            // RFC 7989 §7: our UUID, and theirs as remote (docs/interop.md DL-6; CUBE's media proxy expects it).
            var remoteUuid = remote.Split(';', 2)[0].Trim();
            response.Headers.Add(HeaderNames.SessionId, $"{local};remote={remoteUuid}");
        }
    }

    private static string? RemoteTargetOf(SipRequest request) =>
        request.Headers.GetList(HeaderNames.Contact) is { Count: > 0 } contacts && NameAddress.TryParse(contacts[0], out var contact) ? contact.UriText : null;

    /// <summary>RFC 3261 §13.3.1.4: the 2xx is resent until the ACK; without one after 64·T1 the dialog ends with a BYE.</summary>
    private void StartRetransmitter(SipDialog dialog, byte[] bytes, uint inviteCSeq, Transport.SipPeer destination)
    {
        lock (dialog.Gate)
        {
            dialog.Retransmitter?.Stop();
            dialog.PendingInviteCSeq = inviteCSeq;
            dialog.Retransmitter = new TwoXxRetransmitter(_time, _t1, _t2, () =>
            {
                _counters.TwoXxRetransmissions.Add(1);
                _ = _sender.SendAsync(bytes, destination);
            }, () => OnAckTimeout(dialog, inviteCSeq));
        }
    }

    private void OnAckTimeout(SipDialog dialog, uint inviteCSeq)
    {
        lock (dialog.Gate)
        {
            if (dialog.PendingInviteCSeq != inviteCSeq || dialog.State == DialogState.Terminated)
            {
                return;
            }
        }

        _counters.AckTimeouts.Add(1);
        SipLog.AckTimeout(_logger, dialog.Id.CallId);
        EndByUs(dialog, LegEndReason.NoAck, "SIP;cause=408;text=\"no ACK for 200 OK\"");
    }

    /// <summary>Answers a body the recorder cannot use: 400 for a broken multipart body, 415 with Accept for a required part of an unknown type.</summary>
    private async ValueTask<bool> RejectBodyAsync(ServerTransaction transaction, SipBody body, CancellationToken cancellationToken)
    {
        switch (body.Error)
        {
            case BodyError.Malformed:
                await RespondAsync(transaction, 400, $"Bad Request ({Sanitize(body.ErrorDetail ?? "malformed body")})", cancellationToken).ConfigureAwait(false);
                return true;
            case BodyError.UnsupportedRequired:
                await RespondAsync(transaction, 415, "Unsupported Media Type", cancellationToken, r => r.Headers.Add(HeaderNames.Accept, SipBodyReader.AcceptList)).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private async ValueTask HandleCancelAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        // RFC 3261 §9.2: CANCEL matches the INVITE server transaction by the §17.2.3 rules (method aside).
        var inviteKey = TransactionKey.For(transaction.Request, SipMethods.Invite);
        var invite = inviteKey is { } key ? _transactions.Find(key) : null;
        if (invite is null)
        {
            await RespondAsync(transaction, 481, "Call/Transaction Does Not Exist", cancellationToken).ConfigureAwait(false);
            return;
        }

        string? inviteTag;
        bool won;
        SipRequest? inviteRequest = null;
        lock (invite.Gate)
        {
            won = invite.State == ServerTransactionState.Proceeding;
            if (won)
            {
                // Still held: a transaction lets go of its request only after it has left Proceeding.
                inviteRequest = invite.HeldRequest;
                // The INVITE is answered 487 now; its setup, still running, is told to stop and will be released.
                invite.State = ServerTransactionState.Completed;
            }

            inviteTag = invite.LocalTag;
        }

        // RFC 3261 §9.2: the 200 to the CANCEL carries the same To tag as the responses to the INVITE.
        lock (transaction.Gate)
        {
            transaction.LocalTag = inviteTag;
        }

        await RespondAsync(transaction, 200, "OK", cancellationToken).ConfigureAwait(false);
        if (!won)
        {
            // The final response already went out: no effect; the client sends ACK and then BYE (docs/interop.md T27).
            return;
        }

        _counters.CancelsWon.Add(1);
        SipLog.InviteCancelled(_logger, inviteRequest!.CallId!);
        try
        {
            await invite.Setup!.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }

        // Sent in the INVITE transaction: Completed, resent with Timer G on UDP until the ACK absorbs it.
        var terminated = ResponseFactory.Create(inviteRequest, 487, "Request Terminated", invite.Source, inviteTag);
        await SendInTransactionAsync(invite, terminated, cancellationToken).ConfigureAwait(false);
    }
}
