using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Dialogs, offer/answer and session timers (docs/interop.md DL-1..DL-6, SD-8, ST-1..ST-3, T06, T07, T31).</summary>
public sealed class DialogTests
{
    private readonly ServerHarness _h = new(new SipOptions { RtpTimeoutSeconds = 60 });

    private static string Invite => Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");

    private static string Ack(string toTag) => Messages.Fixture("cucm-bib-nearend-ack-with-answer.sip").WithToTag(toTag);

    private const string Sdp = "v=0\r\no=x 1 2 IN IP4 127.0.0.100\r\ns=-\r\nc=IN IP4 127.0.0.100\r\nt=0 0\r\nm=audio 17904 RTP/AVP 0\r\na=sendonly\r\n";

    private async Task<string> ConfirmedAsync()
    {
        var toTag = await _h.EstablishAsync(Invite);
        await _h.ReceiveAsync(Ack(toTag));
        return toTag;
    }

    [Theory]
    [InlineData("BYE")]
    [InlineData("UPDATE")]
    [InlineData("INFO")]
    [InlineData("INVITE")]
    [InlineData("OPTIONS")]
    public async Task Rfc3261_12_2_2_requests_for_an_unknown_dialog_get_481(string method)
    {
        await _h.ReceiveAsync(Invite.InDialog(method, 102, "no-such-tag", "z9hG4bKunknown1"));
        Assert.Equal([481], _h.Sender.Statuses);
    }

    [Fact]
    public async Task Rfc3261_12_2_2_a_lower_cseq_gets_500()
    {
        var toTag = await ConfirmedAsync();
        await _h.ReceiveAsync(Invite.InDialog("UPDATE", 101, toTag, "z9hG4bKlow1").WithBody(string.Empty));
        Assert.Equal(500, _h.Sender.Responses[^1].StatusCode);
        Assert.Equal(1, _h.Counters.OutOfOrderRequests.Value);
        Assert.Empty(_h.Sessions.Updates);
    }

    [Fact]
    public async Task Rfc3311_5_2_an_offer_while_our_delayed_offer_waits_for_the_ack_gets_491()
    {
        var toTag = await _h.EstablishAsync(Invite);
        await _h.ReceiveAsync(Invite.InDialog("UPDATE", 102, toTag, "z9hG4bKglare1").WithBody(Sdp, "application/sdp"));
        Assert.Equal(491, _h.Sender.Responses[^1].StatusCode);
        await _h.ReceiveAsync(Invite.InDialog("INVITE", 103, toTag, "z9hG4bKglare2"));
        Assert.Equal(491, _h.Sender.Responses[^1].StatusCode);

        // An UPDATE without an offer (a session refresh) is fine meanwhile.
        await _h.ReceiveAsync(Invite.InDialog("UPDATE", 104, toTag, "z9hG4bKglare3"));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);
        Assert.Equal(2, _h.Counters.GlareRejected.Value);
    }

    [Fact]
    public async Task An_in_dialog_request_requiring_an_unknown_extension_gets_420_and_changes_nothing()
    {
        var toTag = await ConfirmedAsync();
        await _h.ReceiveAsync(Invite.InDialog("UPDATE", 102, toTag, "z9hG4bKreq1").WithHeader("Require: foo"));
        Assert.Equal(420, _h.Sender.Responses[^1].StatusCode);
        Assert.Equal("foo", _h.Sender.Responses[^1].Headers.Get(HeaderNames.Unsupported));
        Assert.Empty(_h.Sessions.Updates);
    }

    [Fact]
    public async Task Rfc3264_8_a_reinvite_without_sdp_gets_our_sdp_as_an_offer_and_the_ack_brings_the_answer()
    {
        var toTag = await ConfirmedAsync();
        await _h.ReceiveAsync(Invite.InDialog("INVITE", 102, toTag, "z9hG4bKrefresh1"));
        var ok = _h.Sender.Responses[^1];
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(AcceptingSessions.Answer, System.Text.Encoding.UTF8.GetString(ok.Body.Span));
        Assert.True(_h.Sessions.Updates[0].IsReInvite);
        Assert.Null(_h.Sessions.Updates[0].Offer);

        var ack = Ack(toTag).WithCSeq("102 ACK").WithBranch("z9hG4bKrefreshack");
        await _h.ReceiveAsync(ack);
        Assert.Equal(2, _h.Sessions.Acks.Count);
        Assert.NotNull(_h.Sessions.Acks[1].Answer);
    }

    [Fact]
    public async Task Cucm_update_with_a_new_x_farendaddr_in_the_from_uri_is_matched_by_tags_and_passed_on()
    {
        var toTag = await ConfirmedAsync();
        await _h.ReceiveAsync(Messages.Corpus("cucm-transfer-update.sip").WithToTag(toTag));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);
        var update = Assert.Single(_h.Sessions.Updates);
        Assert.Equal("+353858799999", update.From!.Uri!.Parameters.Get("x-farendaddr"));
        Assert.Null(update.Offer);
        Assert.True(_h.Sender.Responses[^1].Body.IsEmpty);
    }

    [Fact]
    public async Task Rfc4028_the_client_refreshes_and_a_missed_refresh_ends_the_leg_with_a_bye()
    {
        await ConfirmedAsync();
        var ok = _h.Sender.Responses.First(r => r.StatusCode == 200);
        Assert.Equal("1800;refresher=uac", ok.Headers.Get(HeaderNames.SessionExpires));
        Assert.Equal("timer", ok.Headers.Get(HeaderNames.Require));

        // A refresh (UPDATE, no SDP) at 1000 s moves the deadline.
        var toTag = ok.To!.Tag!;
        _h.Advance(TimeSpan.FromSeconds(1000));
        _h.Server.Maintain();
        await _h.ReceiveAsync(Invite.InDialog("UPDATE", 102, toTag, "z9hG4bKse1").WithHeader("Session-Expires: 1800;refresher=uac"));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);

        // Interval minus the lesser of 32 s and a third of it (RFC 4028 §10): 1768 s after the refresh.
        _h.Advance(TimeSpan.FromSeconds(1767));
        _h.Server.Maintain();
        Assert.Empty(_h.Sessions.Ends);
        _h.Advance(TimeSpan.FromSeconds(2));
        _h.Server.Maintain();
        Assert.Equal(LegEndReason.SessionExpired, Assert.Single(_h.Sessions.Ends).End.Reason);
        Assert.Equal("BYE", _h.Sender.Requests.Single().Method);
        Assert.Equal(1, _h.Counters.SessionsExpired.Value);
    }

    [Fact]
    public async Task Rfc4028_asked_to_refresh_we_do_with_an_update_at_half_the_interval()
    {
        var toTag = await _h.EstablishAsync(Invite.Replace("Session-Expires: 1800", "Session-Expires: 1800;refresher=uas", StringComparison.Ordinal));
        await _h.ReceiveAsync(Ack(toTag));
        Assert.Equal("1800;refresher=uas", _h.Sender.Last(200).Headers.Get(HeaderNames.SessionExpires));

        _h.Advance(TimeSpan.FromSeconds(899));
        _h.Server.Maintain();
        Assert.Empty(_h.Sender.Requests);
        _h.Advance(TimeSpan.FromSeconds(2));
        _h.Server.Maintain();
        var update = Assert.Single(_h.Sender.Requests);
        Assert.Equal("UPDATE", update.Method);
        Assert.Equal("1800;refresher=uas", update.Headers.Get(HeaderNames.SessionExpires));
        Assert.Empty(_h.Sessions.Ends);
    }

    [Fact]
    public async Task Rfc4028_6_a_session_interval_below_our_min_se_gets_422()
    {
        await _h.ReceiveAsync(Invite.Replace("Session-Expires: 1800", "Session-Expires: 60", StringComparison.Ordinal));
        var response = Assert.Single(_h.Sender.Responses);
        Assert.Equal(422, response.StatusCode);
        Assert.Equal("90", response.Headers.Get(HeaderNames.MinSe));
        Assert.Empty(_h.Sessions.Invites);
    }

    [Fact]
    public async Task Research_st3_a_stream_without_rtp_for_the_timeout_is_reaped_with_a_bye()
    {
        await ConfirmedAsync();
        _h.Sessions.Activity = new LegActivity(250, ExpectsMedia: true);
        _h.Server.Maintain();
        _h.Advance(TimeSpan.FromSeconds(59));
        _h.Server.Maintain();
        Assert.Empty(_h.Sessions.Ends);

        // Packets arriving keep it alive; on hold (no media expected) it is never reaped.
        _h.Sessions.Activity = new LegActivity(400, ExpectsMedia: true);
        _h.Advance(TimeSpan.FromSeconds(30));
        _h.Server.Maintain();
        _h.Sessions.Activity = new LegActivity(400, ExpectsMedia: false);
        _h.Advance(TimeSpan.FromSeconds(300));
        _h.Server.Maintain();
        Assert.Empty(_h.Sessions.Ends);

        _h.Sessions.Activity = new LegActivity(400, ExpectsMedia: true);
        _h.Server.Maintain();
        _h.Advance(TimeSpan.FromSeconds(61));
        _h.Server.Maintain();
        Assert.Equal(LegEndReason.RtpTimeout, Assert.Single(_h.Sessions.Ends).End.Reason);
        Assert.Contains("RTP", _h.Sender.Requests.Single(r => r.Method == "BYE").Headers.Get(HeaderNames.Reason));
    }

    [Fact]
    public async Task Research_dl4_record_route_is_copied_and_our_bye_follows_the_route_set()
    {
        var invite = Invite.Replace("SIP/2.0/TCP 127.0.0.100:5060", "SIP/2.0/UDP 127.0.0.100:5090", StringComparison.Ordinal)
            .Replace(";transport=tcp", string.Empty, StringComparison.Ordinal)
            .WithHeader("Record-Route: <sip:127.0.0.200;lr>, <sip:127.0.0.201:5070;lr>");
        await _h.ReceiveUdpAsync(invite);
        var ok = _h.Sender.Last(200);
        Assert.Equal(["<sip:127.0.0.200;lr>", "<sip:127.0.0.201:5070;lr>"], ok.Headers.GetList(HeaderNames.RecordRoute));

        _h.Advance(TimeSpan.FromSeconds(33));
        var (message, destination) = _h.Sender.Sent.Last(s => s.Message is SipRequest);
        var bye = (SipRequest)message;
        Assert.Equal("sip:61001@127.0.0.100:5060", bye.RequestUri);
        Assert.Equal(["<sip:127.0.0.200;lr>", "<sip:127.0.0.201:5070;lr>"], bye.Headers.GetList(HeaderNames.Route));
        Assert.Equal("127.0.0.200:5060", destination.Remote.ToString());
    }

    [Fact]
    public async Task Our_bye_opens_a_new_connection_when_the_clients_is_gone()
    {
        await _h.EstablishAsync(Invite);
        _h.Sender.ClosedConnections.Add(Peers.Tcp().ConnectionId);
        _h.Advance(TimeSpan.FromSeconds(33));
        var connect = Assert.Single(_h.Sender.Connects);
        Assert.Equal("127.0.0.100:5060", connect.Remote.ToString());
        Assert.Equal(99, _h.Sender.Sent.Last().Destination.ConnectionId);
    }

    [Fact]
    public async Task Research_dl6_session_id_gets_our_uuid_and_theirs_as_remote()
    {
        await _h.ReceiveAsync(Invite);
        var sessionId = _h.Sender.Last(200).Headers.Get(HeaderNames.SessionId)!;
        Assert.Matches("^[0-9a-f]{32};remote=a39b6d59450b50fca557a2cef4fae6ab$", sessionId);
    }

    [Theory]
    [InlineData(false, "<sip:correlationhub@127.0.0.1:5060;transport=tcp>")]
    [InlineData(true, "<sip:correlationhub@127.0.0.1:5060;transport=tcp>;+sip.srs")]
    public async Task Rfc7866_6_2_a_siprec_session_gets_sip_srs_in_our_contact(bool siprec, string contact)
    {
        _h.Sessions.Siprec = siprec;
        await _h.ReceiveAsync(Invite);
        Assert.Equal(contact, _h.Sender.Last(200).Headers.Get(HeaderNames.Contact));
    }
}
