using System.Net;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// The recorder's own requests and the dialog reaper: BYE when a dialog must end on our side (no ACK, expired
/// session timer, RTP silence, shutdown), session-refresh UPDATEs when the client made us the refresher.
/// </summary>
public sealed partial class SipServer
{
    /// <summary>
    /// Checks every confirmed dialog (docs/interop.md ST-3): a session timer the client let expire (RFC 4028 §10), a stream
    /// that should carry media but received none for <c>Sip:RtpTimeoutSeconds</c>, and refreshes we owe.
    /// </summary>
    public void Maintain()
    {
        var now = _time.GetTimestamp();
        foreach (var dialog in _dialogs.Values)
        {
            var refresh = false;
            LegEndReason? reap = null;
            lock (dialog.Gate)
            {
                if (dialog.State != DialogState.Confirmed)
                {
                    continue;
                }

                if (dialog.Timer is { } timer)
                {
                    var since = _time.GetElapsedTime(dialog.LastRefresh, now);
                    if (!timer.WeRefresh && since >= timer.ExpiresAfter)
                    {
                        reap = LegEndReason.SessionExpired;
                    }
                    else if (timer.WeRefresh && since >= timer.RefreshAfter && !dialog.RefreshInFlight)
                    {
                        dialog.RefreshInFlight = true;
                        refresh = true;
                    }
                }
            }

            if (reap is null && _options.RtpTimeoutSeconds > 0)
            {
                var activity = _sessions.Activity(dialog.Leg);
                lock (dialog.Gate)
                {
                    if (!activity.ExpectsMedia || activity.MediaPackets != dialog.LastMediaPackets)
                    {
                        dialog.LastMediaPackets = activity.MediaPackets;
                        dialog.LastMediaChange = now;
                    }
                    else if (_time.GetElapsedTime(dialog.LastMediaChange, now) >= TimeSpan.FromSeconds(_options.RtpTimeoutSeconds))
                    {
                        reap = LegEndReason.RtpTimeout;
                    }
                }
            }

            switch (reap)
            {
                case LegEndReason.SessionExpired:
                    _counters.SessionsExpired.Add(1);
                    SipLog.Reaped(_logger, dialog.Id.CallId, "session timer expired without refresh");
                    EndByUs(dialog, LegEndReason.SessionExpired, "SIP;cause=408;text=\"session expired\"");
                    break;
                case LegEndReason.RtpTimeout:
                    _counters.RtpTimeouts.Add(1);
                    SipLog.Reaped(_logger, dialog.Id.CallId, "no RTP");
                    EndByUs(dialog, LegEndReason.RtpTimeout, "SIP;cause=408;text=\"no RTP received\"");
                    break;
                default:
                    if (refresh)
                    {
                        _ = RefreshAsync(dialog);
                    }

                    break;
            }
        }
    }

    /// <summary>Ends every dialog with a BYE (shutdown), waiting at most <paramref name="timeout"/> for the answers.</summary>
    public async Task ByeAllAsync(TimeSpan timeout)
    {
        var byes = new List<Task>();
        foreach (var dialog in _dialogs.Values)
        {
            if (EndByUs(dialog, LegEndReason.Shutdown, "SIP;cause=503;text=\"recorder shutting down\"") is { } bye)
            {
                byes.Add(bye);
            }
        }

        try
        {
            await Task.WhenAll(byes).WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Ends a dialog on our side: the session layer is told first (so audio is finalised), then BYE goes out.</summary>
    private Task<int>? EndByUs(SipDialog dialog, LegEndReason reason, string reasonHeader)
    {
        if (!Terminate(dialog))
        {
            return null;
        }

        _sessions.OnEnd(dialog.Leg, new LegEnd(reason, _time.GetUtcNow()) { ReasonHeader = reasonHeader });
        return SendByeAsync(dialog, reasonHeader);
    }

    private async Task<int> SendByeAsync(SipDialog dialog, string reasonHeader)
    {
        try
        {
            var status = await SendInDialogAsync(dialog, SipMethods.Bye, r => r.Headers.Add(HeaderNames.Reason, reasonHeader)).ConfigureAwait(false);
            _counters.ByesSent.Add(1);
            SipLog.ByeAnswered(_logger, dialog.Id.CallId, status);
            return status;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _counters.HandlerFailures.Add(1);
            SipLog.HandlerFailed(_logger, dialog.Peer.TransportToken, ex);
            return 500;
        }
    }

    /// <summary>RFC 4028 §10: the refresher sends an UPDATE (no SDP) at half the interval; 481/408 mean the dialog is gone.</summary>
    private async Task RefreshAsync(SipDialog dialog)
    {
        var status = await SendInDialogAsync(dialog, SipMethods.Update, r =>
        {
            r.Headers.Add(HeaderNames.Contact, dialog.LocalContact);
            if (dialog.Timer is { } timer)
            {
                r.Headers.Add(HeaderNames.SessionExpires, timer.ResponseHeader);
            }
        }).ConfigureAwait(false);
        lock (dialog.Gate)
        {
            dialog.RefreshInFlight = false;
            if (status is >= 200 and < 300)
            {
                dialog.LastRefresh = _time.GetTimestamp();
            }
        }

        if (status is 481 or 408 && Terminate(dialog))
        {
            // RFC 3261 §12.2.1.2: the client no longer knows the dialog; nothing to send.
            _sessions.OnEnd(dialog.Leg, new LegEnd(LegEndReason.DialogLost, _time.GetUtcNow()));
        }
    }

    private async Task<int> SendInDialogAsync(SipDialog dialog, string method, Action<SipRequest> decorate)
    {
        var destination = await DestinationAsync(dialog).ConfigureAwait(false);
        if (destination is null)
        {
            return 503;
        }

        uint cseq;
        lock (dialog.Gate)
        {
            cseq = ++dialog.LocalCSeq;
        }

        var request = DialogRequestFactory.Build(dialog, method, AdvertisedAddress(destination), ViaPort(destination, dialog), destination.TransportToken, cseq, out var branch);
        decorate(request);
        var transaction = new ClientTransaction(branch, method, SipMessageWriter.ToBytes(request), destination);
        return await _clients.RunAsync(transaction).ConfigureAwait(false);
    }

    /// <summary>
    /// Where our request goes: the client's own connection while it is open (docs/interop.md TR-6), else the next hop of the
    /// route set or remote target, connecting afresh over TCP/TLS when needed.
    /// </summary>
    private async ValueTask<SipPeer?> DestinationAsync(SipDialog dialog)
    {
        if (dialog.Peer.IsStream && _sender.IsOpen(dialog.Peer))
        {
            return dialog.Peer;
        }

        if (DialogRequestFactory.NextHop(dialog) is not { } uri)
        {
            return dialog.Peer.IsStream ? null : dialog.Peer;
        }

        var transport = DialogRequestFactory.TransportFor(uri, dialog.Peer.Transport);
        var address = await ResolveAsync(uri.Host).ConfigureAwait(false);
        if (address is null)
        {
            return null;
        }

        var remote = new IPEndPoint(address, uri.Port ?? (transport == SipTransportKind.Tls ? 5061 : 5060));
        if (transport == SipTransportKind.Udp)
        {
            return new SipPeer(SipTransportKind.Udp, remote, dialog.Peer.Local);
        }

        var connected = await _sender.ConnectAsync(transport, remote).ConfigureAwait(false);
        if (connected is null)
        {
            SipLog.ConnectFailed(_logger, transport.ToString().ToUpperInvariant(), remote);
        }

        return connected;
    }

    private static int ViaPort(SipPeer destination, SipDialog dialog) => destination.IsStream && destination.ConnectionId != dialog.Peer.ConnectionId ? dialog.Peer.Local.Port : destination.Local.Port;

    private static async ValueTask<IPAddress?> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return address;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            return addresses.FirstOrDefault();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
