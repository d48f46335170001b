using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// The user-agent server core: turns received messages into responses, dialogs and calls on the recording layer.
/// Retransmissions are absorbed here so the recording layer sees each request once.
/// </summary>
public sealed class SipServer : ISipMessageHandler
{
    private static readonly HashSet<string> SupportedOptionTags = new(StringComparer.OrdinalIgnoreCase) { "siprec", "timer", "100rel", "replaces", "resource-priority" };

    private readonly ISipSender _sender;
    private readonly IRecordingSessionHandler _sessions;
    private readonly TimeProvider _time;
    private readonly SipOptions _options;
    private readonly SipCounters _counters;
    private readonly ILogger<SipServer> _logger;
    private readonly ServerTransactionCache _transactions;
    private readonly ConcurrentDictionary<DialogId, SipDialog> _dialogs = new();

    public SipServer(ISipSender sender, IRecordingSessionHandler sessions, TimeProvider time, IOptions<SipOptions> options, SipCounters counters, ILogger<SipServer> logger)
    {
        _sender = sender;
        _sessions = sessions;
        _time = time;
        _options = options.Value;
        _counters = counters;
        _logger = logger;
        _transactions = new ServerTransactionCache(time, TimeSpan.FromMilliseconds(64 * _options.T1Milliseconds));
    }

    public int DialogCount => _dialogs.Count;

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> message, SipPeer peer, bool isDatagram, CancellationToken cancellationToken)
    {
        var parsed = SipParser.Parse(message.Span, isDatagram);
        if (!parsed.IsValid)
        {
            await HandleMalformedAsync(parsed, peer, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (parsed.Message is not SipRequest request)
        {
            // We send no requests that expect these yet; stray responses are ignored (RFC 3261 §18.1.2).
            return;
        }

        _counters.RequestsReceived.Add(1);
        if (request.Method == SipMethods.Ack)
        {
            HandleAck(request);
            return;
        }

        var key = TransactionKey.For(request);
        if (key is { } k && !_transactions.TryBegin(k, out var existing))
        {
            _counters.RetransmissionsAbsorbed.Add(1);
            if (existing.LastResponse is { } last && existing.Destination is { } destination)
            {
                await _sender.SendAsync(last, destination, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        _transactions.TryGet(key ?? default, out var transaction);
        await DispatchAsync(request, peer, transaction, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask DispatchAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.Version, "SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return RespondAsync(request, peer, transaction, 505, "Version Not Supported", cancellationToken);
        }

        return request.Method switch
        {
            SipMethods.Invite => HandleInviteAsync(request, peer, transaction, cancellationToken),
            SipMethods.Bye => HandleByeAsync(request, peer, transaction, cancellationToken),
            SipMethods.Cancel => HandleCancelAsync(request, peer, transaction, cancellationToken),
            SipMethods.Options => HandleOptionsAsync(request, peer, transaction, cancellationToken),
            SipMethods.Update or SipMethods.Info => HandleInDialogAsync(request, peer, transaction, cancellationToken),
            _ when SipMethods.IsKnownButNotAllowed(request.Method) => RespondAsync(request, peer, transaction, 405, "Method Not Allowed", cancellationToken, r => r.Headers.Add(HeaderNames.Allow, SipMethods.AllowList)),
            _ => RespondAsync(request, peer, transaction, 501, "Not Implemented", cancellationToken, r => r.Headers.Add(HeaderNames.Allow, SipMethods.AllowList)),
        };
    }

    private async ValueTask HandleInviteAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        if (request.To?.Tag is { } toTag)
        {
            await HandleReInviteAsync(request, peer, toTag, transaction, cancellationToken).ConfigureAwait(false);
            return;
        }

        var unsupported = UnsupportedRequirements(request);
        if (unsupported.Count > 0)
        {
            // RFC 3261 §8.2.2.3.
            await RespondAsync(request, peer, transaction, 420, "Bad Extension", cancellationToken, r => r.Headers.Add(HeaderNames.Unsupported, string.Join(", ", unsupported))).ConfigureAwait(false);
            return;
        }

        if (_options.Drain)
        {
            await RespondAsync(request, peer, transaction, 503, "Service Unavailable", cancellationToken, r => r.Headers.Add(HeaderNames.RetryAfter, "60")).ConfigureAwait(false);
            return;
        }

        // RFC 3261 §17.2.1: 100 Trying stops INVITE retransmissions while we set up.
        await RespondAsync(request, peer, transaction, 100, "Trying", cancellationToken).ConfigureAwait(false);

        SdpSession? offer = null;
        if (!request.Body.IsEmpty)
        {
            var sdpBody = SdpBodyReader.FindSdp(request);
            if (sdpBody is null || !SdpParser.TryParse(sdpBody, out offer))
            {
                await RespondAsync(request, peer, transaction, 415, "Unsupported Media Type", cancellationToken, r => r.Headers.Add(HeaderNames.Accept, "application/sdp, multipart/mixed")).ConfigureAwait(false);
                return;
            }
        }

        var advertised = _options.AdvertisedAddress is { Length: > 0 } configured ? configured : peer.Local.Address.ToString();
        var outcome = _sessions.OnInvite(new InviteContext(request, offer, peer, advertised, _time.GetUtcNow()));
        if (outcome is InviteRejected rejected)
        {
            _counters.InvitesRejected.Add(1);
            SipLog.InviteRejected(_logger, rejected.StatusCode, rejected.ReasonPhrase);
            await RespondAsync(request, peer, transaction, rejected.StatusCode, rejected.ReasonPhrase, cancellationToken, r =>
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

        var accepted = (InviteAccepted)outcome;
        var localTag = NewTag();
        var response = ResponseFactory.Create(request, 200, "OK", peer, localTag);
        response.Headers.Add(HeaderNames.Contact, ContactFor(peer, advertised));
        response.Headers.Add(HeaderNames.Allow, SipMethods.AllowList);
        response.Headers.Add(HeaderNames.Supported, "timer, replaces");
        response.Headers.Add(HeaderNames.ContentType, "application/sdp");
        response.Body = Encoding.UTF8.GetBytes(accepted.Sdp);
        var bytes = SipMessageWriter.ToBytes(response);
        var destination = ResponseFactory.Destination(request, peer);

        var dialogId = new DialogId(request.CallId!, localTag, request.From!.Tag ?? string.Empty);
        var dialog = new SipDialog(dialogId, peer, accepted.Leg, request.CSeq!.Value.Number);
        _dialogs[dialogId] = dialog;
        if (transaction is not null)
        {
            transaction.LastResponse = bytes;
            transaction.Destination = destination;
            transaction.FinalStatus = 200;
        }

        _counters.InvitesAccepted.Add(1);
        dialog.Retransmitter = new TwoXxRetransmitter(
            _time,
            TimeSpan.FromMilliseconds(_options.T1Milliseconds),
            TimeSpan.FromMilliseconds(_options.T2Milliseconds),
            () => ResendAsync(bytes, destination),
            () => OnAckTimeout(dialog));
        await _sender.SendAsync(bytes, destination, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ResendAsync(byte[] bytes, SipPeer destination)
    {
        await _sender.SendAsync(bytes, destination).ConfigureAwait(false);
    }

    private void OnAckTimeout(SipDialog dialog)
    {
        if (_dialogs.TryRemove(dialog.Id, out _))
        {
            _counters.AckTimeouts.Add(1);
            SipLog.AckTimeout(_logger, dialog.Id.CallId);
            _sessions.OnEnd(dialog.Leg, "no-ack", null, _time.GetUtcNow());
        }
    }

    private async ValueTask HandleReInviteAsync(SipRequest request, SipPeer peer, string toTag, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        var id = new DialogId(request.CallId!, toTag, request.From?.Tag ?? string.Empty);
        if (!_dialogs.TryGetValue(id, out var dialog))
        {
            await RespondAsync(request, peer, transaction, 481, "Call/Transaction Does Not Exist", cancellationToken).ConfigureAwait(false);
            return;
        }

        // Session refresh or media change: answer with our current description (RFC 3264 §8, RFC 4028).
        dialog.RemoteCSeq = request.CSeq!.Value.Number;
        await RespondAsync(request, peer, transaction, 200, "OK", cancellationToken, r =>
        {
            r.Headers.Add(HeaderNames.Contact, ContactFor(peer, peer.Local.Address.ToString()));
            r.Headers.Add(HeaderNames.ContentType, "application/sdp");
            r.Body = Encoding.UTF8.GetBytes(dialog.Leg.LocalSdp);
        }).ConfigureAwait(false);
    }

    private void HandleAck(SipRequest request)
    {
        var toTag = request.To?.Tag;
        if (toTag is null)
        {
            return;
        }

        var id = new DialogId(request.CallId!, toTag, request.From?.Tag ?? string.Empty);
        if (!_dialogs.TryGetValue(id, out var dialog) || dialog.Confirmed)
        {
            return;
        }

        dialog.Confirmed = true;
        dialog.Retransmitter?.Stop();
        SdpSession? answer = null;
        if (!request.Body.IsEmpty && SdpBodyReader.FindSdp(request) is { } sdp)
        {
            SdpParser.TryParse(sdp, out answer);
        }

        _sessions.OnAck(dialog.Leg, answer, _time.GetUtcNow());
    }

    private async ValueTask HandleByeAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        var id = new DialogId(request.CallId!, request.To?.Tag ?? string.Empty, request.From?.Tag ?? string.Empty);
        if (!_dialogs.TryRemove(id, out var dialog))
        {
            await RespondAsync(request, peer, transaction, 481, "Call/Transaction Does Not Exist", cancellationToken).ConfigureAwait(false);
            return;
        }

        dialog.Retransmitter?.Stop();
        await RespondAsync(request, peer, transaction, 200, "OK", cancellationToken).ConfigureAwait(false);
        _sessions.OnEnd(dialog.Leg, "bye", request.Headers.Get(HeaderNames.Reason), _time.GetUtcNow());
    }

    private async ValueTask HandleCancelAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        // RFC 3261 §9.2: CANCEL matches the INVITE transaction by branch. Our INVITEs are answered at once, so a
        // CANCEL that finds its INVITE finds it already answered: 200 to the CANCEL, no effect on the INVITE.
        var inviteKey = TransactionKey.For(request, SipMethods.Invite);
        var found = inviteKey is { } k && _transactions.TryGet(k, out _);
        await RespondAsync(request, peer, transaction, found ? 200 : 481, found ? "OK" : "Call/Transaction Does Not Exist", cancellationToken).ConfigureAwait(false);
    }

    private ValueTask HandleOptionsAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        if (_options.Drain)
        {
            // A 503 busies out the CUBE dial-peer and marks the CUCM trunk destination down (never 486).
            return RespondAsync(request, peer, transaction, 503, "Service Unavailable", cancellationToken, r => r.Headers.Add(HeaderNames.RetryAfter, "60"));
        }

        return RespondAsync(request, peer, transaction, 200, "OK", cancellationToken, r =>
        {
            r.Headers.Add(HeaderNames.Allow, SipMethods.AllowList);
            r.Headers.Add(HeaderNames.Accept, "application/sdp, multipart/mixed, application/rs-metadata+xml, application/rs-metadata");
            r.Headers.Add(HeaderNames.Supported, "siprec, timer, replaces");
        }, toTag: request.To?.Tag is null ? NewTag() : null);
    }

    private async ValueTask HandleInDialogAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, CancellationToken cancellationToken)
    {
        var id = new DialogId(request.CallId!, request.To?.Tag ?? string.Empty, request.From?.Tag ?? string.Empty);
        if (!_dialogs.ContainsKey(id))
        {
            await RespondAsync(request, peer, transaction, 481, "Call/Transaction Does Not Exist", cancellationToken).ConfigureAwait(false);
            return;
        }

        await RespondAsync(request, peer, transaction, 200, "OK", cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask HandleMalformedAsync(SipParseResult parsed, SipPeer peer, CancellationToken cancellationToken)
    {
        SipLog.Malformed(_logger, peer.Remote, parsed.Error, parsed.Detail);
        if (parsed.Message is SipRequest request && request.Method != SipMethods.Ack && CanAnswer(request))
        {
            // RFC 3261 §8.2 / §18.3: answer what can be answered with 400, naming the problem in the reason phrase.
            _counters.MalformedAnswered.Add(1);
            var reason = parsed.Detail is { Length: > 0 } detail ? $"Bad Request ({parsed.Error}: {Sanitize(detail)})" : $"Bad Request ({parsed.Error})";
            var response = ResponseFactory.Create(request, 400, reason, peer);
            await _sender.SendAsync(SipMessageWriter.ToBytes(response), ResponseFactory.Destination(request, peer), cancellationToken).ConfigureAwait(false);
            return;
        }

        _counters.MalformedDropped.Add(1);
    }

    private static bool CanAnswer(SipRequest request) =>
        request.TopVia is not null && request.CallId is not null && request.Headers.Contains(HeaderNames.From) && request.Headers.Contains(HeaderNames.To) && request.Headers.Contains(HeaderNames.CSeq);

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 60));
        foreach (var c in text.Length > 60 ? text[..60] : text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    private async ValueTask RespondAsync(SipRequest request, SipPeer peer, ServerTransactionCache.Entry? transaction, int status, string reason, CancellationToken cancellationToken, Action<SipResponse>? decorate = null, string? toTag = null)
    {
        var response = ResponseFactory.Create(request, status, reason, peer, toTag ?? (status > 100 && request.To?.Tag is null ? NewTag() : null));
        decorate?.Invoke(response);
        var bytes = SipMessageWriter.ToBytes(response);
        var destination = ResponseFactory.Destination(request, peer);
        if (transaction is not null)
        {
            transaction.LastResponse = bytes;
            transaction.Destination = destination;
            if (status >= 200)
            {
                transaction.FinalStatus = status;
            }
        }

        await _sender.SendAsync(bytes, destination, cancellationToken).ConfigureAwait(false);
    }

    private static List<string> UnsupportedRequirements(SipRequest request)
    {
        var unsupported = new List<string>();
        foreach (var tag in request.Headers.GetList(HeaderNames.Require))
        {
            if (!SupportedOptionTags.Contains(tag))
            {
                unsupported.Add(tag);
            }
        }

        return unsupported;
    }

    private string ContactFor(SipPeer peer, string advertised)
    {
        var host = advertised.Contains(':', StringComparison.Ordinal) && !advertised.StartsWith('[') ? $"[{advertised}]" : advertised;
        var transport = peer.Transport switch
        {
            SipTransportKind.Tcp => ";transport=tcp",
            SipTransportKind.Tls => ";transport=tls",
            _ => string.Empty,
        };
        return $"<sip:{_options.ContactUser}@{host}:{peer.Local.Port}{transport}>";
    }

    private static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
