using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Uas;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CorrelationHub.SipIngest.Tests;

public sealed class SipServerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSender _sender = new();
    private readonly AcceptingSessions _sessions = new();
    private readonly SipCounters _counters = new();
    private readonly SipServer _server;

    public SipServerTests()
    {
        _server = new SipServer(_sender, _sessions, _time, Microsoft.Extensions.Options.Options.Create(new SipOptions()), _counters, NullLogger<SipServer>.Instance);
    }

    private ValueTask Receive(string text, bool udp = false) => _server.HandleAsync(Encoding.UTF8.GetBytes(text), udp ? Peers.Udp() : Peers.Tcp(), udp, CancellationToken.None);

    private static string Fixture(string name) => RepoPaths.FixtureText("sip/" + name);

    [Fact]
    public async Task Rfc3261_13_3_1_4_retransmits_the_2xx_at_t1_doubling_to_t2_until_the_ack_even_on_tcp()
    {
        await Receive(Fixture("cucm-bib-nearend-delayed-offer.sip"));
        Assert.Equal([100, 200], _sender.Responses.Select(r => r.StatusCode));
        var toTag = _sender.Responses[1].To!.Tag!;

        var seen = new List<double>();
        for (var ms = 0; ms < 12_000; ms += 100)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            if (_sender.Responses.Count - 2 > seen.Count)
            {
                seen.Add(ms + 100);
            }
        }

        Assert.Equal([500.0, 1500, 3500, 7500, 11500], seen);

        await Receive(Fixture("cucm-bib-nearend-ack-with-answer.sip").Replace("REPLACE-WITH-OUR-TO-TAG", toTag, StringComparison.Ordinal));
        var count = _sender.Responses.Count;
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(count, _sender.Responses.Count);
        var ack = Assert.Single(_sessions.Acks);
        Assert.Equal("PCMU", ack.Answer!.Media[0].PayloadMaps()[0].Encoding);
        Assert.Empty(_sessions.Ends);
    }

    [Fact]
    public async Task Without_an_ack_the_leg_ends_after_64_t1()
    {
        await Receive(Fixture("cucm-bib-nearend-delayed-offer.sip"));
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(_sessions.Ends);
        _time.Advance(TimeSpan.FromSeconds(2));
        var end = Assert.Single(_sessions.Ends);
        Assert.Equal("no-ack", end.Reason);
        Assert.Equal(1, _counters.AckTimeouts.Value);
    }

    [Fact]
    public async Task A_retransmitted_invite_is_answered_again_and_reaches_the_recording_layer_once()
    {
        var invite = Fixture("cucm-bib-nearend-delayed-offer.sip");
        await Receive(invite);
        await Receive(invite);
        await Receive(invite);

        Assert.Single(_sessions.Invites);
        Assert.Equal([100, 200, 200, 200], _sender.Responses.Select(r => r.StatusCode));
        Assert.Equal(2, _counters.RetransmissionsAbsorbed.Value);
    }

    [Fact]
    public async Task Bye_ends_the_leg_with_its_reason_and_an_unknown_bye_gets_481()
    {
        await Receive(Fixture("cucm-bib-nearend-delayed-offer.sip"));
        var toTag = _sender.Responses[1].To!.Tag!;
        await Receive(Fixture("cucm-bib-nearend-bye.sip").Replace("REPLACE-WITH-OUR-TO-TAG", toTag, StringComparison.Ordinal));
        Assert.Equal(200, _sender.Responses[^1].StatusCode);
        var end = Assert.Single(_sessions.Ends);
        Assert.Equal("bye", end.Reason);
        Assert.Equal("Q.850;cause=16", end.Cause);

        await Receive(Fixture("cucm-bib-nearend-bye.sip").Replace("REPLACE-WITH-OUR-TO-TAG", "unknown", StringComparison.Ordinal).Replace("z9hG4bK7C22E901", "z9hG4bK7C22E999", StringComparison.Ordinal));
        Assert.Equal(481, _sender.Responses[^1].StatusCode);
    }

    [Fact]
    public async Task Options_keepalive_gets_200_with_allow_accept_and_supported()
    {
        await Receive(Fixture("cube-options-keepalive.sip"));
        var ok = Assert.Single(_sender.Responses);
        Assert.Equal(200, ok.StatusCode);
        Assert.Contains("INVITE", ok.Headers.Get(HeaderNames.Allow));
        Assert.Contains("application/sdp", ok.Headers.Get(HeaderNames.Accept));
        Assert.Contains("siprec", ok.Headers.Get(HeaderNames.Supported));
        Assert.NotNull(ok.To!.Tag);
    }

    [Fact]
    public async Task Udp_responses_go_to_the_via_port_and_rport_is_honoured()
    {
        var options = Fixture("cube-options-keepalive.sip").Replace("SIP/2.0/TCP 127.0.0.100:5060", "SIP/2.0/UDP 127.0.0.100:5077", StringComparison.Ordinal);
        await Receive(options, udp: true);
        Assert.True(_sender.Sent.TryDequeue(out var first));
        Assert.Equal(5077, first.Destination.Remote.Port);

        await Receive(options.Replace("branch=z9hG4bK2E1A66F0", "branch=z9hG4bK2E1A66F1;rport", StringComparison.Ordinal), udp: true);
        Assert.True(_sender.Sent.TryDequeue(out var second));
        Assert.Equal(Peers.Udp().Remote.Port, second.Destination.Remote.Port);
        Assert.Contains("rport=5090", second.Response.Headers.Get(HeaderNames.Via));
    }

    [Fact]
    public async Task A_request_missing_call_id_gets_400_naming_it_and_garbage_is_counted()
    {
        var invite = Fixture("cucm-bib-nearend-delayed-offer.sip");
        await Receive(invite.Replace("Call-ID: 8F1C2A00-3B9E11F1-8A41D4C2-77A10B5E@127.0.0.100\r\n", string.Empty, StringComparison.Ordinal));
        Assert.Empty(_sender.Responses);
        Assert.Equal(1, _counters.MalformedDropped.Value);

        await Receive(invite.Replace("Max-Forwards: 69\r\n", "Max-Forwards: 69\r\nbroken header line\r\n", StringComparison.Ordinal));
        var bad = Assert.Single(_sender.Responses);
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("BadHeaderLine", bad.ReasonPhrase);
        Assert.Empty(_sessions.Invites);
    }

    [Fact]
    public async Task Unsupported_require_gets_420_but_siprec_is_fine()
    {
        var invite = Fixture("cucm-bib-nearend-delayed-offer.sip");
        await Receive(invite.Replace("Max-Forwards: 69\r\n", "Max-Forwards: 69\r\nRequire: siprec, foo\r\n", StringComparison.Ordinal));
        var response = Assert.Single(_sender.Responses);
        Assert.Equal(420, response.StatusCode);
        Assert.Equal("foo", response.Headers.Get(HeaderNames.Unsupported));
    }
}
