using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.TestSupport;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Server transactions under a fake clock (RFC 3261 §17.2, RFC 6026; docs/interop.md TX-1..TX-9, T26–T29).</summary>
public sealed class TransactionTests
{
    private readonly ServerHarness _h = new();

    private static string Invite => Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");

    private static string Udp(string message) => message.Replace("SIP/2.0/TCP 127.0.0.100:5060", "SIP/2.0/UDP 127.0.0.100:5090", StringComparison.Ordinal).Replace(";transport=tcp", string.Empty, StringComparison.Ordinal);

    [Fact]
    public async Task Rfc3261_13_3_1_4_retransmits_the_2xx_at_t1_doubling_to_t2_until_the_ack_even_on_tcp()
    {
        await _h.ReceiveAsync(Invite);
        Assert.Equal([100, 200], _h.Sender.Statuses);
        var toTag = _h.Sender.Last(200).To!.Tag!;

        var seen = new List<double>();
        for (var ms = 0; ms < 12_000; ms += 100)
        {
            _h.Advance(TimeSpan.FromMilliseconds(100));
            if (_h.Sender.Responses.Count - 2 > seen.Count)
            {
                seen.Add(ms + 100);
            }
        }

        Assert.Equal([500.0, 1500, 3500, 7500, 11500], seen);

        await _h.ReceiveAsync(Messages.Fixture("cucm-bib-nearend-ack-with-answer.sip").WithToTag(toTag));
        var count = _h.Sender.Responses.Count;
        _h.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(count, _h.Sender.Responses.Count);
        var ack = Assert.Single(_h.Sessions.Acks);
        Assert.Equal("PCMU", ack.Answer!.Media[0].PayloadMaps()[0].Encoding);
        Assert.Empty(_h.Sessions.Ends);
    }

    [Fact]
    public async Task Without_an_ack_the_leg_ends_after_64_t1_and_a_bye_goes_to_the_contact_on_the_same_connection()
    {
        var toTag = await _h.EstablishAsync(Invite);
        _h.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(_h.Sessions.Ends);
        Assert.Empty(_h.Sender.Requests);

        _h.Advance(TimeSpan.FromSeconds(2));
        var end = Assert.Single(_h.Sessions.Ends);
        Assert.Equal(LegEndReason.NoAck, end.End.Reason);
        Assert.Equal(1, _h.Counters.AckTimeouts.Value);

        // RFC 3261 §15, §12.2.1.1 (docs/interop.md DL-5): next local CSeq, roles swapped with tags, to the remote target.
        var (message, destination) = _h.Sender.Sent.Last();
        var bye = Assert.IsType<SipRequest>(message);
        Assert.Equal("BYE", bye.Method);
        Assert.Equal("sip:61001@127.0.0.100:5060;transport=tcp", bye.RequestUri);
        Assert.Equal(toTag, bye.From!.Tag);
        Assert.Equal("sip:70012@127.0.0.1", bye.From.UriText);
        Assert.Equal("4B2E4382-2704", bye.To!.Tag);
        Assert.Equal("17687488", bye.To.Uri!.Parameters.Get("x-refci"));
        Assert.Equal("8F1C2A00-3B9E11F1-8A41D4C2-77A10B5E@127.0.0.100", bye.CallId);
        Assert.Equal("1 BYE", bye.Headers.Get(HeaderNames.CSeq));
        Assert.Contains("cause=408", bye.Headers.Get(HeaderNames.Reason));
        Assert.Equal(Peers.Tcp(), destination);

        // The BYE's transaction completes on its 200; a late ACK for the dead dialog changes nothing.
        await _h.ReceiveAsync(ResponseTo(bye, 200));
        await Eventually.Until(() => Task.FromResult(_h.Counters.ByesSent.Value), v => v == 1, TimeSpan.FromSeconds(5), "the BYE transaction to complete");
        await _h.ReceiveAsync(Messages.Fixture("cucm-bib-nearend-ack-with-answer.sip").WithToTag(toTag));
        Assert.Empty(_h.Sessions.Acks);
    }

    [Fact]
    public async Task Our_bye_over_udp_is_retransmitted_by_timer_e_until_answered()
    {
        await _h.EstablishAsync(Udp(Invite), Peers.Udp());
        _h.Advance(TimeSpan.FromSeconds(32));
        var byes = () => _h.Sender.Requests.Count(r => r.Method == "BYE");
        Assert.Equal(1, byes());
        Assert.Equal(5060, _h.Sender.Sent.Last().Destination.Remote.Port);

        _h.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, byes());
        _h.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, byes());

        await _h.ReceiveUdpAsync(ResponseTo(_h.Sender.Requests.Last(r => r.Method == "BYE"), 200));
        _h.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, byes());
    }

    [Fact]
    public async Task Rfc6026_retransmitted_invites_are_absorbed_and_reach_the_recording_layer_once()
    {
        // While the setup is pending (Proceeding) a retransmission gets the 100 again (RFC 3261 §17.2.1).
        _h.Sessions.Hold = true;
        await _h.ReceiveAsync(Invite);
        await _h.ReceiveAsync(Invite);
        Assert.Equal([100, 100], _h.Sender.Statuses);

        // After the 2xx (Accepted) they are absorbed without a response; the core resends the 2xx on its own timer.
        _h.Sessions.Pending!.SetResult(_h.Sessions.Accept("call"));
        await Eventually.Until(() => Task.FromResult(_h.Sender.Statuses.Count), c => c == 3, TimeSpan.FromSeconds(5), "the 200 OK");
        await _h.ReceiveAsync(Invite);
        await _h.ReceiveAsync(Invite);

        Assert.Single(_h.Sessions.Invites);
        Assert.Equal([100, 100, 200], _h.Sender.Statuses);
        Assert.Equal(3, _h.Counters.RetransmissionsAbsorbed.Value);
        _h.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal([100, 100, 200, 200], _h.Sender.Statuses);
        Assert.Equal(1, _h.Counters.TwoXxRetransmissions.Value);
    }

    [Fact]
    public async Task Rfc3261_8_2_6_1_the_100_trying_copies_the_timestamp()
    {
        await _h.ReceiveAsync(Messages.Fixture("cube-siprec-forking-tls.sip"));
        var trying = _h.Sender.Responses[0];
        Assert.Equal(100, trying.StatusCode);
        Assert.Equal("1781798943", trying.Headers.Get(HeaderNames.Timestamp));
        Assert.Null(trying.To!.Tag);
    }

    [Fact]
    public async Task Rfc3261_9_2_a_cancel_during_a_slow_setup_gets_200_and_the_invite_487_and_the_late_leg_is_released()
    {
        _h.Sessions.Hold = true;
        var invite = Udp(Invite);
        await _h.ReceiveUdpAsync(invite);
        Assert.Equal([100], _h.Sender.Statuses);
        Assert.Equal(1, _h.Server.PendingSetups);

        // The retransmitted INVITE gets the 100 again while the setup is pending.
        await _h.ReceiveUdpAsync(invite);
        Assert.Equal([100, 100], _h.Sender.Statuses);

        await _h.ReceiveUdpAsync(Cancel(invite));
        Assert.Equal([100, 100, 200, 487], _h.Sender.Statuses);
        Assert.Equal("CANCEL", _h.Sender.Responses[2].CSeq!.Value.Method);
        Assert.Equal("INVITE", _h.Sender.Responses[3].CSeq!.Value.Method);
        Assert.Equal(_h.Sender.Responses[3].To!.Tag, _h.Sender.Responses[2].To!.Tag);
        Assert.True(_h.Sessions.InviteTokens[0].IsCancellationRequested);

        // The setup finishes after all: the leg is handed back, no 200 goes out.
        _h.Sessions.Pending!.SetResult(_h.Sessions.Accept("late"));
        await Eventually.Until(() => Task.FromResult(_h.Sessions.Ends.Count), c => c > 0, TimeSpan.FromSeconds(5), "the late leg to be released");
        var end = Assert.Single(_h.Sessions.Ends);
        Assert.Equal(LegEndReason.Cancelled, end.End.Reason);
        Assert.DoesNotContain(_h.Sender.Responses, r => r.StatusCode == 200 && r.CSeq!.Value.Method == "INVITE");
        Assert.Equal(0, _h.Server.DialogCount);
        Assert.Equal(1, _h.Counters.CancelsWon.Value);

        // Timer G resends the 487 until the ACK, which the transaction absorbs.
        _h.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, _h.Sender.Statuses.Count(s => s == 487));
        var toTag = _h.Sender.Last(487).To!.Tag!;
        await _h.ReceiveUdpAsync(invite.InDialog("ACK", 101, toTag, "z9hG4bKFBC714B7").WithBody(string.Empty));
        _h.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(2, _h.Sender.Statuses.Count(s => s == 487));
        Assert.Empty(_h.Sessions.Acks);
    }

    [Fact]
    public async Task A_cancel_after_the_200_has_no_effect_and_the_dialog_goes_on()
    {
        var invite = Udp(Invite);
        var toTag = await _h.EstablishAsync(invite, Peers.Udp());
        await _h.ReceiveUdpAsync(Cancel(invite));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);
        Assert.Equal("CANCEL", _h.Sender.Responses[^1].CSeq!.Value.Method);
        Assert.Equal(toTag, _h.Sender.Responses[^1].To!.Tag);
        Assert.Equal(1, _h.Server.DialogCount);
        Assert.Empty(_h.Sessions.Ends);

        await _h.ReceiveUdpAsync(Udp(Messages.Fixture("cucm-bib-nearend-bye.sip")).WithToTag(toTag));
        Assert.Equal(LegEndReason.Bye, Assert.Single(_h.Sessions.Ends).End.Reason);
    }

    [Fact]
    public async Task A_cancel_for_no_known_invite_gets_481()
    {
        await _h.ReceiveAsync(Cancel(Invite));
        Assert.Equal([481], _h.Sender.Statuses);
    }

    [Fact]
    public async Task Rfc3261_17_2_1_a_failure_response_over_udp_is_resent_until_the_ack()
    {
        _h.Sessions.Outcome = new InviteRejected(488, "Not Acceptable Here");
        var invite = Udp(Invite);
        await _h.ReceiveUdpAsync(invite);
        Assert.Equal([100, 488], _h.Sender.Statuses);
        _h.Advance(TimeSpan.FromMilliseconds(500));
        _h.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, _h.Sender.Statuses.Count(s => s == 488));

        await _h.ReceiveUdpAsync(invite.InDialog("ACK", 101, _h.Sender.Last(488).To!.Tag!, "z9hG4bKFBC714B7").WithBody(string.Empty));
        _h.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(3, _h.Sender.Statuses.Count(s => s == 488));
    }

    [Fact]
    public async Task Rfc3261_8_2_2_2_a_merged_request_gets_482()
    {
        await _h.ReceiveAsync(Invite);
        await _h.ReceiveAsync(Invite.WithBranch("z9hG4bKforked2"));
        Assert.Equal([100, 200, 482], _h.Sender.Statuses);
        Assert.Single(_h.Sessions.Invites);
        Assert.Equal(1, _h.Counters.MergedRequests.Value);
    }

    [Fact]
    public async Task Rfc3261_17_2_2_a_retransmitted_bye_gets_the_same_200_and_ends_the_leg_once()
    {
        var toTag = await _h.EstablishAsync(Invite);
        var bye = Messages.Fixture("cucm-bib-nearend-bye.sip").WithToTag(toTag);
        await _h.ReceiveAsync(bye);
        await _h.ReceiveAsync(bye);
        Assert.Equal(2, _h.Sender.Responses.Count(r => r.CSeq!.Value.Method == "BYE" && r.StatusCode == 200));
        var end = Assert.Single(_h.Sessions.Ends);
        Assert.Equal(16, end.End.Q850Cause);
        Assert.Equal("Q.850;cause=16", end.End.ReasonHeader);
    }

    private static string Cancel(string invite)
    {
        var cancel = invite.Replace("INVITE sip:", "CANCEL sip:", StringComparison.Ordinal).WithCSeq("101 CANCEL").WithBody(string.Empty);
        return cancel;
    }

    private static string ResponseTo(SipRequest request, int status)
    {
        var lines = new List<string> { $"SIP/2.0 {status} OK" };
        foreach (var via in request.Headers.GetAll(HeaderNames.Via))
        {
            lines.Add("Via: " + via);
        }

        lines.Add("From: " + request.Headers.Get(HeaderNames.From));
        lines.Add("To: " + request.Headers.Get(HeaderNames.To));
        lines.Add("Call-ID: " + request.CallId);
        lines.Add("CSeq: " + request.Headers.Get(HeaderNames.CSeq));
        lines.Add("Content-Length: 0");
        return string.Join("\r\n", lines) + "\r\n\r\n";
    }

    internal static SipPeer UdpPeer => Peers.Udp();
}
