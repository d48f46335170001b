using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Options;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>What the server answers before any dialog exists: OPTIONS, drain, capacity, extensions, bodies, malformed input.</summary>
public sealed class PolicyTests
{
    private static string Invite => Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");

    [Fact]
    public async Task Options_keepalive_gets_200_with_allow_accept_and_supported()
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Messages.Fixture("cube-options-keepalive.sip"));
        var ok = Assert.Single(h.Sender.Responses);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO", ok.Headers.Get(HeaderNames.Allow));
        Assert.Equal("application/sdp, multipart/mixed, application/rs-metadata+xml, application/rs-metadata", ok.Headers.Get(HeaderNames.Accept));
        Assert.Equal("siprec, timer", ok.Headers.Get(HeaderNames.Supported));
        Assert.NotNull(ok.To!.Tag);
    }

    [Fact]
    public async Task Draining_answers_options_and_new_invites_503_with_retry_after_never_486_and_keeps_dialogs()
    {
        var h = new ServerHarness();
        var toTag = await h.EstablishAsync(Invite);
        h.Admission.DrainOverride = true;

        await h.ReceiveAsync(Messages.Fixture("cube-options-keepalive.sip"));
        Assert.Equal(503, h.Sender.Responses[^1].StatusCode);
        Assert.Equal("30", h.Sender.Responses[^1].Headers.Get(HeaderNames.RetryAfter));
        await h.ReceiveAsync(Messages.Fixture("cucm-bib-farend-delayed-offer.sip"));
        Assert.Equal(503, h.Sender.Responses[^1].StatusCode);
        Assert.Contains("draining", h.Sender.Responses[^1].Headers.Get(HeaderNames.Warning));
        Assert.DoesNotContain(486, h.Sender.Statuses);

        // The live dialog goes on to its BYE.
        await h.ReceiveAsync(Messages.Fixture("cucm-bib-nearend-bye.sip").WithToTag(toTag));
        Assert.Equal(200, h.Sender.Responses[^1].StatusCode);

        h.Admission.DrainOverride = false;
        await h.ReceiveAsync(Messages.Fixture("cube-options-keepalive.sip").WithBranch("z9hG4bKafterdrain").WithCSeq("102 OPTIONS"));
        Assert.Equal(200, h.Sender.Responses[^1].StatusCode);
    }

    [Fact]
    public async Task The_drain_setting_is_read_live_from_configuration()
    {
        var options = new SipOptions();
        var h = new ServerHarness(options);
        options.Drain = true;
        await h.ReceiveAsync(Messages.Fixture("cube-options-keepalive.sip"));
        Assert.Equal(503, h.Sender.Responses[^1].StatusCode);
    }

    [Fact]
    public async Task At_capacity_options_and_invites_get_503_with_retry_after()
    {
        var h = new ServerHarness(new SipOptions { MaxRecordingDialogs = 1, RetryAfterSeconds = 15 });
        await h.EstablishAsync(Invite);
        await h.ReceiveAsync(Messages.Fixture("cucm-bib-farend-delayed-offer.sip"));
        Assert.Equal(503, h.Sender.Responses[^1].StatusCode);
        Assert.Equal("15", h.Sender.Responses[^1].Headers.Get(HeaderNames.RetryAfter));
        Assert.Contains("at capacity", h.Sender.Responses[^1].Headers.Get(HeaderNames.Warning));
        await h.ReceiveAsync(Messages.Fixture("cube-options-keepalive.sip"));
        Assert.Equal(503, h.Sender.Responses[^1].StatusCode);
        Assert.Single(h.Sessions.Invites);
        Assert.Equal(1, h.Counters.InvitesRefused.Value);
    }

    [Theory]
    [InlineData("Require: siprec", 200)]
    [InlineData("Require: 100rel", 200)]
    [InlineData("Require: timer", 200)]
    [InlineData("Require: replaces", 200)]
    [InlineData("Require: siprec, foo", 420)]
    public async Task Rfc3261_8_2_2_3_420_only_for_option_tags_we_do_not_support(string require, int status)
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Invite.WithHeader(require));
        Assert.Equal(status, h.Sender.Responses[^1].StatusCode);
        if (status == 420)
        {
            Assert.Equal("foo", h.Sender.Responses[^1].Headers.Get(HeaderNames.Unsupported));
        }
        else
        {
            // 100rel is met by sending no reliable provisional at all: only 100 then 2xx.
            Assert.Equal([100, 200], h.Sender.Statuses);
        }
    }

    [Fact]
    public async Task Rfc5621_a_required_body_part_we_do_not_understand_gets_415_with_accept()
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Invite.WithBody("<x/>", "application/vnd.example+xml"));
        var response = h.Sender.Responses[^1];
        Assert.Equal(415, response.StatusCode);
        Assert.Contains("application/rs-metadata+xml", response.Headers.Get(HeaderNames.Accept));
    }

    [Fact]
    public async Task A_multipart_body_without_parts_gets_400()
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Invite.WithBody("v=0\r\n", "multipart/mixed;boundary=abc"));
        Assert.Equal(400, h.Sender.Responses[^1].StatusCode);
        Assert.Contains("boundary", h.Sender.Responses[^1].ReasonPhrase);
    }

    [Fact]
    public async Task Research_t35_hostile_metadata_is_refused_with_400()
    {
        var h = new ServerHarness();
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip");
        var hostile = cube.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]>", StringComparison.Ordinal);
        var body = hostile[(hostile.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        await h.ReceiveAsync(hostile.WithBody(body));
        Assert.Equal(400, h.Sender.Responses[^1].StatusCode);
        Assert.Contains("metadata refused", h.Sender.Responses[^1].ReasonPhrase);
        Assert.Empty(h.Sessions.Invites);
    }

    [Fact]
    public async Task Research_t37_compact_and_folded_headers_work_like_the_long_form()
    {
        var h = new ServerHarness();
        var compact = Invite
            .Replace("\r\nVia: ", "\r\nv: ", StringComparison.Ordinal)
            .Replace("\r\nFrom: ", "\r\nf: ", StringComparison.Ordinal)
            .Replace("\r\nTo: ", "\r\nt: ", StringComparison.Ordinal)
            .Replace("\r\nCall-ID: ", "\r\ni: ", StringComparison.Ordinal)
            .Replace("\r\nContact: ", "\r\nm: ", StringComparison.Ordinal)
            .Replace("\r\nContent-Length: ", "\r\nl: ", StringComparison.Ordinal)
            .Replace("\r\nSupported: timer,resource-priority,replaces", "\r\nk: timer,\r\n resource-priority,\r\n\treplaces", StringComparison.Ordinal);
        await h.ReceiveAsync(compact);
        Assert.Equal([100, 200], h.Sender.Statuses);
        var context = Assert.Single(h.Sessions.Invites);
        Assert.Equal(["timer", "resource-priority", "replaces"], context.Request.Headers.GetList(HeaderNames.Supported));
    }

    [Fact]
    public async Task A_request_missing_call_id_is_dropped_and_counted_and_a_broken_header_gets_400()
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Invite.Replace("Call-ID: 8F1C2A00-3B9E11F1-8A41D4C2-77A10B5E@127.0.0.100\r\n", string.Empty, StringComparison.Ordinal));
        Assert.Empty(h.Sender.Responses);
        Assert.Equal(1, h.Counters.MalformedDropped.Value);

        await h.ReceiveAsync(Invite.Replace("Max-Forwards: 69\r\n", "Max-Forwards: 69\r\nbroken header line\r\n", StringComparison.Ordinal));
        var bad = Assert.Single(h.Sender.Responses);
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("BadHeaderLine", bad.ReasonPhrase);
        Assert.Empty(h.Sessions.Invites);
    }

    [Fact]
    public async Task Research_t33_a_stream_message_without_content_length_gets_400_and_a_truncated_datagram_too()
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Invite.Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal(400, h.Sender.Responses[^1].StatusCode);
        Assert.Contains("MissingContentLength", h.Sender.Responses[^1].ReasonPhrase);

        // A small datagram shorter than its Content-Length: 400 (RFC 3261 §18.3).
        var small = Messages.Fixture("cube-options-keepalive.sip").Replace("Content-Length: 0\r\n", "Content-Type: application/sdp\r\nContent-Length: 300\r\n", StringComparison.Ordinal) + "v=0\r\n";
        Assert.True(small.Length < 1300);
        await h.ReceiveUdpAsync(small);
        Assert.Equal(400, h.Sender.Responses[^1].StatusCode);
        Assert.Contains("BodyTruncated", h.Sender.Responses[^1].ReasonPhrase);

        // CUBE's SIPREC INVITE (2.3 KB) cut short on the way over UDP: 513 sends the client to TCP (RFC 3261 §18.1.1).
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip").Replace("SIP/2.0/TLS", "SIP/2.0/UDP", StringComparison.Ordinal);
        await h.ReceiveUdpAsync(cube[..^200]);
        Assert.Equal(513, h.Sender.Responses[^1].StatusCode);
        Assert.Empty(h.Sessions.Invites);
    }

    [Fact]
    public async Task Rfc3581_udp_responses_go_to_the_via_port_and_rport_is_honoured()
    {
        var h = new ServerHarness();
        var options = Messages.Fixture("cube-options-keepalive.sip").Replace("SIP/2.0/TCP 127.0.0.100:5060", "SIP/2.0/UDP 127.0.0.100:5077", StringComparison.Ordinal);
        await h.ReceiveUdpAsync(options);
        Assert.True(h.Sender.Sent.TryDequeue(out var first));
        Assert.Equal(5077, first.Destination.Remote.Port);

        await h.ReceiveUdpAsync(options.Replace("branch=z9hG4bK2E1A66F0", "branch=z9hG4bK2E1A66F1;rport", StringComparison.Ordinal));
        Assert.True(h.Sender.Sent.TryDequeue(out var second));
        Assert.Equal(Peers.Udp().Remote.Port, second.Destination.Remote.Port);
        Assert.Contains("rport=5090", second.Message.Headers.Get(HeaderNames.Via));
    }

    [Theory]
    [InlineData("REFER", 405)]
    [InlineData("SUBSCRIBE", 405)]
    [InlineData("FOO", 501)]
    public async Task Methods_we_do_not_take_get_405_or_501_with_allow(string method, int status)
    {
        var h = new ServerHarness();
        var request = Messages.Fixture("cube-options-keepalive.sip").Replace("OPTIONS", method, StringComparison.Ordinal);
        await h.ReceiveAsync(request);
        Assert.Equal(status, h.Sender.Responses[^1].StatusCode);
        Assert.Contains("INVITE", h.Sender.Responses[^1].Headers.Get(HeaderNames.Allow));
    }

    [Theory]
    [InlineData("127.0.0.100", 200)]
    [InlineData("127.0.0.96/29", 200)]
    [InlineData("127.0.0.200", 403)]
    [InlineData("10.0.0.0/8", 403)]
    public async Task Only_allowed_peers_may_send_and_others_get_403(string allowed, int status)
    {
        var h = new ServerHarness(new SipOptions { AllowedPeers = [allowed] });
        await h.ReceiveAsync(Messages.Fixture("cube-options-keepalive.sip"));
        Assert.Equal(status, h.Sender.Responses[^1].StatusCode);
        Assert.Equal(status == 403 ? 1 : 0, h.Counters.ForbiddenRequests.Value);
    }

    [Fact]
    public async Task Max_forwards_zero_gets_483()
    {
        var h = new ServerHarness();
        await h.ReceiveAsync(Invite.Replace("Max-Forwards: 69", "Max-Forwards: 0", StringComparison.Ordinal));
        Assert.Equal([483], h.Sender.Statuses);
    }
}
