using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// The user-agent server core (RFC 3261 §8.2, §12–§17, RFC 6026): turns received messages into transactions,
/// dialogs and calls on the recording layer, and sends the recorder's own requests (BYE, refresh). Retransmissions are
/// absorbed here so the recording layer sees each request once. Safe for concurrent calls from every transport.
/// </summary>
public sealed partial class SipServer : ISipMessageHandler
{
    /// <summary>RFC 3261 §18.1.1: a request this large (or within 200 bytes of the MTU) belongs on TCP.</summary>
    private const int LargeDatagram = 1300;

    /// <summary>Option tags we honour in Require (RFC 3261 §8.2.2.3): never 420 for these (docs/interop.md SR-2, T36).</summary>
    private static readonly HashSet<string> SupportedOptionTags = new(StringComparer.OrdinalIgnoreCase) { "siprec", "timer", "100rel", "replaces", "resource-priority", "sdp-anat" };

    private readonly ISipSender _sender;
    private readonly IRecordingSessionHandler _sessions;
    private readonly TimeProvider _time;
    private readonly SipOptions _options;
    private readonly SipAdmission _admission;
    private readonly SipCounters _counters;
    private readonly ILogger<SipServer> _logger;
    private readonly ServerTransactionTable _transactions;
    private readonly ClientTransactionTable _clients;
    private readonly ConcurrentDictionary<DialogId, SipDialog> _dialogs = new();
    private readonly TimeSpan _t1;
    private readonly TimeSpan _t2;
    private int _pendingSetups;

    public SipServer(ISipSender sender, IRecordingSessionHandler sessions, TimeProvider time, IOptions<SipOptions> options, SipAdmission admission, SipCounters counters, ILogger<SipServer> logger)
    {
        _sender = sender;
        _sessions = sessions;
        _time = time;
        _options = options.Value;
        _admission = admission;
        _counters = counters;
        _logger = logger;
        _t1 = TimeSpan.FromMilliseconds(_options.T1Milliseconds);
        _t2 = TimeSpan.FromMilliseconds(_options.T2Milliseconds);
        _transactions = new ServerTransactionTable(time, _t1 * 64);
        _clients = new ClientTransactionTable(sender, time, _t1, _t2);
    }

    public int DialogCount => _dialogs.Count;

    /// <summary>INVITEs whose setup has not completed (a CANCEL can still win them).</summary>
    public int PendingSetups => Volatile.Read(ref _pendingSetups);

    public int TransactionCount => _transactions.Count;

    public async ValueTask HandleAsync(ReadOnlyMemory<byte> message, SipPeer peer, bool isDatagram, CancellationToken cancellationToken)
    {
        var parsed = SipParser.Parse(message.Span, isDatagram);
        if (!parsed.IsValid)
        {
            await HandleMalformedAsync(parsed, peer, isDatagram ? message.Length : 0, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (parsed.Message is SipResponse response)
        {
            if (!_clients.OnResponse(response))
            {
                // RFC 3261 §18.1.2: a response that matches no client transaction of ours is dropped.
                _counters.StrayResponses.Add(1);
            }

            return;
        }

        var request = (SipRequest)parsed.Message!;
        _counters.RequestsReceived.Add(1);
        if (!_admission.IsAllowed(peer.Remote.Address))
        {
            // Research §2.9: a source that is not an authorised recording client gets 403 (an ACK is just dropped).
            _counters.ForbiddenRequests.Add(1);
            if (request.Method != SipMethods.Ack)
            {
                await SendStatelessAsync(request, peer, 403, "Forbidden", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (request.Method == SipMethods.Ack)
        {
            HandleAck(request);
            return;
        }

        var key = TransactionKey.For(request)!.Value;
        if (request.Method != SipMethods.Cancel && _transactions.IsMerged(request, key))
        {
            _counters.MergedRequests.Add(1);
            await SendStatelessAsync(request, peer, 482, "Loop Detected", cancellationToken).ConfigureAwait(false);
            return;
        }

        var transaction = new ServerTransaction(key, request, peer, ResponseFactory.Destination(request, peer), _time.GetTimestamp());
        if (!_transactions.TryBegin(transaction, out var existing))
        {
            await AbsorbRetransmissionAsync(existing, cancellationToken).ConfigureAwait(false);
            return;
        }

        await DispatchAsync(transaction, cancellationToken).ConfigureAwait(false);
        transaction.ReleaseRequest();
    }

    private async ValueTask AbsorbRetransmissionAsync(ServerTransaction existing, CancellationToken cancellationToken)
    {
        _counters.RetransmissionsAbsorbed.Add(1);
        byte[]? resend;
        lock (existing.Gate)
        {
            // RFC 3261 §17.2.1/§17.2.2: in Proceeding the last provisional, in Completed the final response goes out
            // again. Confirmed absorbs silently, and so does Accepted (RFC 6026 §8.7): a lost 2xx is the core's to
            // resend on its own T1 schedule, never once per retransmitted INVITE (which loops with some clients).
            resend = existing.State is ServerTransactionState.Proceeding or ServerTransactionState.Completed ? existing.LastResponse : null;
        }

        if (resend is not null)
        {
            await _sender.SendAsync(resend, existing.Destination, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask DispatchAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        if (!string.Equals(request.Version, "SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return RespondAsync(transaction, 505, "Version Not Supported", cancellationToken);
        }

        if (request.Method != SipMethods.Options && request.Headers.Get(HeaderNames.MaxForwards)?.Trim() == "0")
        {
            // RFC 3261 §8.2.2 / §16.3: a request that may not be forwarded further and is not for us to answer.
            return RespondAsync(transaction, 483, "Too Many Hops", cancellationToken);
        }

        var inDialog = request.To?.Tag is not null;
        return request.Method switch
        {
            SipMethods.Invite when inDialog => HandleReInviteOrUpdateAsync(transaction, cancellationToken),
            SipMethods.Invite => HandleNewInviteAsync(transaction, cancellationToken),
            SipMethods.Update => HandleReInviteOrUpdateAsync(transaction, cancellationToken),
            SipMethods.Bye => HandleByeAsync(transaction, cancellationToken),
            SipMethods.Cancel => HandleCancelAsync(transaction, cancellationToken),
            SipMethods.Options => HandleOptionsAsync(transaction, cancellationToken),
            SipMethods.Info => HandleInfoAsync(transaction, cancellationToken),
            _ when SipMethods.IsKnownButNotAllowed(request.Method) => RespondAsync(transaction, 405, "Method Not Allowed", cancellationToken, r => r.Headers.Add(HeaderNames.Allow, SipMethods.AllowList)),
            _ => RespondAsync(transaction, 501, "Not Implemented", cancellationToken, r => r.Headers.Add(HeaderNames.Allow, SipMethods.AllowList)),
        };
    }

    private ValueTask HandleOptionsAsync(ServerTransaction transaction, CancellationToken cancellationToken)
    {
        var request = transaction.Request;
        if (request.To?.Tag is { } tag && !_dialogs.ContainsKey(IdOf(request, tag)))
        {
            return RespondAsync(transaction, 481, "Call/Transaction Does Not Exist", cancellationToken);
        }

        if (request.To?.Tag is null && _admission.Refusal(LiveDialogs) is { } refusal)
        {
            // Research OP-2/OP-3: 503 marks the CUCM trunk destination down and busies out the CUBE dial-peer.
            return RespondAsync(transaction, 503, "Service Unavailable", cancellationToken, r => AddRefusal(r, refusal));
        }

        return RespondAsync(transaction, 200, "OK", cancellationToken, r =>
        {
            r.Headers.Add(HeaderNames.Allow, SipMethods.AllowList);
            r.Headers.Add(HeaderNames.Accept, SipBodyReader.AcceptList);
            r.Headers.Add(HeaderNames.Supported, SupportedList);
        });
    }

    private const string SupportedList = "siprec, timer";

    private int LiveDialogs => _dialogs.Count + Volatile.Read(ref _pendingSetups);

    private void AddRefusal(SipResponse response, string refusal)
    {
        response.Headers.Add(HeaderNames.RetryAfter, _admission.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        response.Headers.Add(HeaderNames.Warning, $"399 {ResponseFactory.ServerName} \"{refusal}\"");
    }

    private async ValueTask HandleMalformedAsync(SipParseResult parsed, SipPeer peer, int datagramLength, CancellationToken cancellationToken)
    {
        SipLog.Malformed(_logger, peer.Remote, parsed.Error, parsed.Detail);
        if (parsed.Message is SipRequest request && request.Method != SipMethods.Ack && CanAnswer(request))
        {
            if (parsed.Error == SipParseError.BodyTruncated && datagramLength >= LargeDatagram)
            {
                // A large datagram that ends before its Content-Length was cut on the way (an MTU, a middlebox): 513
                // (RFC 3261 §21.5.14) so the client sends it again over TCP, as §18.1.1 asks of requests this big.
                _counters.MalformedAnswered.Add(1);
                await SendStatelessAsync(request, peer, 513, "Message Too Large (send it over TCP)", cancellationToken).ConfigureAwait(false);
                return;
            }

            // RFC 3261 §8.2 / §18.3: answer what can be answered with 400, naming the problem in the reason phrase.
            _counters.MalformedAnswered.Add(1);
            var reason = parsed.Detail is { Length: > 0 } detail ? $"Bad Request ({parsed.Error}: {Sanitize(detail)})" : $"Bad Request ({parsed.Error})";
            await SendStatelessAsync(request, peer, 400, reason, cancellationToken).ConfigureAwait(false);
            return;
        }

        _counters.MalformedDropped.Add(1);
    }

    private ValueTask<bool> SendStatelessAsync(SipRequest request, SipPeer peer, int status, string reason, CancellationToken cancellationToken)
    {
        var response = ResponseFactory.Create(request, status, reason, peer, request.To?.Tag is null ? NewTag() : null);
        return _sender.SendAsync(SipMessageWriter.ToBytes(response), ResponseFactory.Destination(request, peer), cancellationToken);
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

    /// <summary>Sends a response within its transaction and moves the transaction on (RFC 3261 §17.2).</summary>
    private ValueTask RespondAsync(ServerTransaction transaction, int status, string reason, CancellationToken cancellationToken, Action<SipResponse>? decorate = null)
    {
        var request = transaction.Request;
        string? toTag = null;
        if (status > 100 && request.To?.Tag is null)
        {
            lock (transaction.Gate)
            {
                transaction.LocalTag ??= NewTag();
                toTag = transaction.LocalTag;
            }
        }

        var response = ResponseFactory.Create(request, status, reason, transaction.Source, toTag);
        decorate?.Invoke(response);
        return SendInTransactionAsync(transaction, response, cancellationToken);
    }

    private async ValueTask SendInTransactionAsync(ServerTransaction transaction, SipResponse response, CancellationToken cancellationToken)
    {
        var bytes = SipMessageWriter.ToBytes(response);
        var status = response.StatusCode;
        lock (transaction.Gate)
        {
            transaction.LastResponse = bytes;
            transaction.LastStatus = status;
            if (status >= 200)
            {
                transaction.FinalSentAt = _time.GetTimestamp();
                transaction.State = transaction.IsInvite && status < 300 ? ServerTransactionState.Accepted : ServerTransactionState.Completed;
                if (transaction.IsInvite && status >= 300 && !transaction.Destination.IsStream)
                {
                    StartTimerG(transaction);
                }
            }
        }

        await _sender.SendAsync(bytes, transaction.Destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 3261 §17.2.1: a failure response to INVITE over UDP is resent at T1 doubling to T2 until the ACK, for 64·T1 (Timer H).</summary>
    private void StartTimerG(ServerTransaction transaction)
    {
        transaction.RetransmitInterval = _t1;
        transaction.RetransmitTimer = _time.CreateTimer(_ =>
        {
            byte[]? resend = null;
            lock (transaction.Gate)
            {
                if (transaction.State != ServerTransactionState.Completed || transaction.RetransmitTimer is null)
                {
                    return;
                }

                var elapsed = _time.GetElapsedTime(transaction.FinalSentAt);
                if (elapsed >= _t1 * 64)
                {
                    transaction.RetransmitTimer.Dispose();
                    transaction.RetransmitTimer = null;
                    return;
                }

                resend = transaction.LastResponse;
                transaction.RetransmitInterval = transaction.RetransmitInterval * 2 > _t2 ? _t2 : transaction.RetransmitInterval * 2;
                var remaining = (_t1 * 64) - elapsed;
                transaction.RetransmitTimer.Change(remaining < transaction.RetransmitInterval ? remaining : transaction.RetransmitInterval, Timeout.InfiniteTimeSpan);
            }

            if (resend is not null)
            {
                _ = _sender.SendAsync(resend, transaction.Destination);
            }
        }, null, _t1, Timeout.InfiniteTimeSpan);
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

    private string AdvertisedAddress(SipPeer peer) => _options.AdvertisedAddress is { Length: > 0 } configured ? configured : peer.Local.Address.ToString();

    private string ContactFor(SipPeer peer, bool siprec)
    {
        var advertised = AdvertisedAddress(peer);
        var host = advertised.Contains(':', StringComparison.Ordinal) && !advertised.StartsWith('[') ? $"[{advertised}]" : advertised;
        var transport = peer.Transport switch
        {
            SipTransportKind.Tcp => ";transport=tcp",
            SipTransportKind.Tls => ";transport=tls",
            _ => string.Empty,
        };

        // RFC 7866 §6.2: an SRS says so with +sip.srs in the Contact of its 2xx (docs/interop.md SR-3; not "+sip-srs").
        return $"<sip:{_options.ContactUser}@{host}:{peer.Local.Port}{transport}>{(siprec ? ";+sip.srs" : string.Empty)}";
    }

    private static DialogId IdOf(SipRequest request, string localTag) => new(request.CallId!, localTag, request.From?.Tag ?? string.Empty);

    /// <summary>A To tag with 48 bits of randomness (RFC 3261 §19.3 asks for at least 32).</summary>
    private static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
