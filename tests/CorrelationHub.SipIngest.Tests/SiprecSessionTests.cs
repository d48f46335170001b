using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>SIPREC sessions through the server and the real recording layer (docs/interop.md, SIPREC signalling, §3.3, T10–T25, T41).</summary>
public sealed class SiprecSessionTests : IDisposable
{
    private readonly RecorderHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string, string, string, string, string> Offers => new()
    {
        // message, labels answered (in m-line order), agent number, far-end number, channel of each answered m-line
        { "fixture:cube-siprec-forking-tls.sip", "1,2", "6111147", "+353851231234", "1,0" },
        { "corpus:acme-siprec-offer.sip", "16777227,16777228", "4001", "+353861234567", "1,0" },
        { "corpus:sonus-siprec-offer.sip", "1,2", "8500", "+14155550123", "1,0" },
        { "corpus:audiocodes-legacy-offer.sip", "1,2", "5001", "+18885550111", "1,0" },
        { "corpus:broadworks-offer.sip", "1", "2345", "+442071234567", "0" },
        { "corpus:avaya-sbce-offer.sip", "10,20", "7001", "+31201234567", "1,0" },
        { "corpus:opensips-offer.sip", "0,1", "1001", "+15551230000", "1,0" },
        { "corpus:sbc-siprec-ssrc-offer.sip", "0,1", "1001", "+15551230000", "1,0" },
        { "corpus:sems-offer.sip", "a_leg,b_leg", "Extension-016190619", "016190200", "1,0" },
    };

    [Theory]
    [MemberData(nameof(Offers))]
    public async Task Every_vendor_offer_is_answered_plain_sdp_recvonly_with_labels_echoed_and_the_agent_left(string name, string labels, string agent, string farEnd, string channels)
    {
        var offerText = Load(name);
        var (ok, answer) = await _h.InviteAsync(offerText, PeerFor(offerText));

        // Research SR-9, SD-1..SD-3: one plain SDP, same m-line count and order, labels exactly as offered.
        Assert.Equal("application/sdp", ok.ContentType);
        var offer = OfferOf(offerText);
        Assert.Equal(offer.Media.Count, answer.Media.Count);
        var recorded = answer.Media.Where(m => m.Port != 0).ToList();
        Assert.Equal(labels, string.Join(',', recorded.Select(m => m.Label)));
        Assert.All(recorded, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.Equal(recorded.Count, recorded.Select(m => m.Port).Distinct().Count());
        Assert.EndsWith(";+sip.srs", ok.Headers.Get(HeaderNames.Contact));
        Assert.Contains("siprec", ok.Headers.Get(HeaderNames.Supported));

        await _h.ReceiveAsync(offerText.InDialog("ACK", CSeqOf(offerText), ok.To!.Tag!, "z9hG4bKackgolden").WithBody(string.Empty), PeerFor(offerText));
        var started = await _h.FactAsync(RecordingFactKind.SegmentStarted);
        Assert.Equal("siprec", started.Source);
        Assert.Equal(agent, started.AgentExtension);
        Assert.Equal(farEnd, started.FarEndAddress);
        Assert.True(started.Participants.Count >= 2);
        Assert.Equal(agent, started.Participants.Single(p => p.Role == "agent").Number);
        Assert.Equal(farEnd, started.Participants.Single(p => p.Role == "far-end").Number);
        if (recorded.Count > 1)
        {
            // The agent's stream is left (0), the far end's right (1), by label → stream → sender (docs/interop.md MD-2).
            var channelOf = started.Participants.Where(p => p.Channel is not null).SelectMany(p => p.SendsLabels.Select(l => (l, p.Channel!.Value))).ToDictionary(x => x.l, x => x.Item2);
            Assert.Equal(channels, string.Join(',', recorded.Select(m => channelOf[m.Label!])));
        }
        else
        {
            Assert.Equal("0", channels);
        }

        var recording = await _h.FactAsync(RecordingFactKind.RecordingStarted);
        Assert.NotNull(recording.RawMetadata);
    }

    [Fact]
    public async Task Research_t10_t11_cube_siprec_facts_carry_session_ids_and_vendor_ids_and_the_100_its_timestamp()
    {
        var invite = Messages.Fixture("cube-siprec-forking-tls.sip");
        var (ok, _) = await _h.InviteAsync(invite);
        Assert.Equal("1781798943", _h.Sender.Responses[0].Headers.Get(HeaderNames.Timestamp));
        Assert.Matches("^[0-9a-f]{32};remote=ed2249fa849c51ed89319c9064588858$", ok.Headers.Get(HeaderNames.SessionId));

        await _h.ReceiveAsync(invite.InDialog("ACK", 101, ok.To!.Tag!, "z9hG4bKcubeack").WithBody(string.Empty));
        var started = await _h.FactAsync(RecordingFactKind.SegmentStarted);
        Assert.Equal(["059a1ef36a92e7f3a278d8ba17711571;remote=2481ca0a8afe5c32b93734e42a127372"], started.SiprecSessionIds);
        Assert.Equal(["3475675471-1785074161-2954342749-3082674470"], started.CiscoGuids);
        Assert.Equal("extension-length", started.AgentRule);
        Assert.Equal("Telecoms_Agent_1 (Bob Bobster)", started.Participants.Single(p => p.Role == "agent").Name);
    }

    [Fact]
    public async Task Research_t41_genesys_and_audiocodes_ids_are_kept_for_correlation()
    {
        var invite = Messages.Corpus("audiocodes-legacy-offer.sip");
        var (ok, _) = await _h.InviteAsync(invite, Peers.Udp());
        await _h.ReceiveAsync(invite.InDialog("ACK", 1, ok.To!.Tag!, "z9hG4bKacack").WithBody(string.Empty), Peers.Udp());
        var started = await _h.FactAsync(RecordingFactKind.SegmentStarted);
        Assert.Equal("01J9ZKQW8V5X0000GENESYS127", started.VendorIds["X-Genesys-CallUUID"]);
        Assert.Equal("7d1f2e3a-audiocodes-0001", started.VendorIds["X-AUDC-Call-ID"]);
        Assert.Equal("00FA080200C3D4E5F60718", started.VendorIds["AvayaUCID"]);
        Assert.Equal("01J9ZKQW8V5X0000GENESYS127", started.Participants.Single(p => p.Role == "agent").VendorIds["GenesysUUID"]);
    }

    [Fact]
    public async Task Research_t12_t13_inactive_is_answered_inactive_and_hold_and_resume_keep_ports_and_raise_the_version()
    {
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip");
        var inactive = cube.Replace("a=sendonly", "a=inactive", StringComparison.Ordinal);
        var (ok, answer) = await _h.InviteAsync(inactive);
        Assert.All(answer.Media, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
        Assert.All(answer.Media, m => Assert.NotEqual(0, m.Port));
        var tag = ok.To!.Tag!;
        await _h.ReceiveAsync(cube.InDialog("ACK", 101, tag, "z9hG4bKinack").WithBody(string.Empty));

        // Resume: both sendonly now.
        await _h.ReceiveAsync(cube.InDialog("INVITE", 102, tag, "z9hG4bKresume"));
        var resumed = ParseSdp(_h.Sender.Responses[^1]);
        Assert.All(resumed.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.Equal(answer.Media.Select(m => m.Port), resumed.Media.Select(m => m.Port));
        Assert.Equal(answer.SessionVersion + 1, resumed.SessionVersion);
        await _h.ReceiveAsync(cube.InDialog("ACK", 102, tag, "z9hG4bKresumeack").WithBody(string.Empty));

        // Hold on label 1 with partial metadata (T13).
        await _h.ReceiveAsync(Messages.Corpus("cube-siprec-hold-reinvite.sip").WithToTag(tag).WithCSeq("103 INVITE"));
        var held = ParseSdp(_h.Sender.Responses[^1]);
        Assert.Equal([SdpDirection.Inactive, SdpDirection.RecvOnly], held.Media.Select(m => m.Direction!.Value));
        Assert.Equal(["1", "2"], held.Media.Select(m => m.Label));
        Assert.Equal(resumed.SessionVersion + 1, held.SessionVersion);
        // The resume re-INVITE carried a complete snapshot, the hold a partial one: two entries of the timeline.
        var snapshot = await _h.FactAsync(RecordingFactKind.MetadataChanged);
        Assert.Equal(["1"], snapshot.Participants.Single(p => p.Number == "+353851231234").SendsLabels);
        var change = await _h.FactAsync(RecordingFactKind.MetadataChanged);
        Assert.Empty(change.Participants.Single(p => p.Number == "+353851231234").SendsLabels);
    }

    [Fact]
    public async Task Research_t14_escalation_keeps_the_m_line_count_declines_video_and_switches_codec()
    {
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip");
        var (ok, answer) = await _h.InviteAsync(cube);
        var tag = ok.To!.Tag!;
        await _h.ReceiveAsync(cube.InDialog("ACK", 101, tag, "z9hG4bKescack").WithBody(string.Empty));
        await _h.ReceiveAsync(Messages.Corpus("cube-siprec-escalation-reinvite.sip").WithToTag(tag));
        var escalated = ParseSdp(_h.Sender.Responses[^1]);
        Assert.Equal(["audio", "audio", "video", "video"], escalated.Media.Select(m => m.Media));
        Assert.Equal([answer.Media[0].Port, answer.Media[1].Port, 0, 0], escalated.Media.Select(m => m.Port));
        Assert.Equal(["0"], escalated.Media[0].Formats);

        // The escalated stream offers G.729 first: it is taken (the decoder switches codec), no transcoder needed.
        Assert.Equal(["18"], escalated.Media[1].Formats);
    }

    [Fact]
    public async Task Research_t15_t16_caller_id_update_and_bye_with_metadata_make_a_timeline_and_end_the_recording()
    {
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip");
        var (ok, _) = await _h.InviteAsync(cube);
        var tag = ok.To!.Tag!;
        await _h.ReceiveAsync(cube.InDialog("ACK", 101, tag, "z9hG4bKtlack").WithBody(string.Empty));
        await _h.ReceiveAsync(Messages.Corpus("cube-siprec-callerid-update.sip").WithToTag(tag));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);
        var change = await _h.FactAsync(RecordingFactKind.MetadataChanged);
        Assert.Equal("+353851239999", change.FarEndAddress);
        Assert.Equal("6111147", change.AgentExtension);
        Assert.Equal(3, change.Participants.Count);
        Assert.NotNull(change.Participants.Single(p => p.Number == "+353851231234").DisassociatedAt);
        Assert.Contains("<datamode>partial</datamode>", change.RawMetadata);

        await _h.ReceiveAsync(Messages.Corpus("cube-siprec-bye-with-metadata.sip").WithToTag(tag));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);
        var segment = await _h.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.Equal("bye (Q.850;cause=16)", segment.EndReason);
        var ended = await _h.FactAsync(RecordingFactKind.RecordingEnded);
        Assert.Equal(segment.RecordingId, ended.RecordingId);
        Assert.Contains("<end-time>", ended.RawMetadata);
        Assert.All(ended.Participants.Where(p => p.Number != "+353851231234"), p => Assert.NotNull(p.DisassociatedAt));
    }

    [Fact]
    public async Task Research_t24_one_mixed_m_line_is_recorded_and_flagged_mixed()
    {
        var invite = Messages.Corpus("metaswitch-offer.sip");
        var (ok, answer) = await _h.InviteAsync(invite, Peers.Udp());
        var audio = Assert.Single(answer.Media);
        Assert.Equal(["0", "101"], audio.Formats);
        Assert.Equal("1", audio.Label);
        await _h.ReceiveAsync(invite.InDialog("BYE", 2, ok.To!.Tag!, "z9hG4bKmswbye"), Peers.Udp());
        Assert.Contains("mixed", (await _h.FactAsync(RecordingFactKind.SegmentEnded)).Flags);
    }

    [Fact]
    public async Task Research_t25_a_siprec_invite_without_sdp_gets_our_labelled_offer_and_the_ack_answers_it()
    {
        var invite = Messages.Corpus("siprec-invite-without-sdp.sip");
        var (ok, offer) = await _h.InviteAsync(invite, Peers.Udp());
        Assert.Equal(["1", "2"], offer.Media.Select(m => m.Label));
        Assert.All(offer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));

        var answer = "v=0\r\no=src 1 1 IN IP4 127.0.0.95\r\ns=-\r\nc=IN IP4 127.0.0.95\r\nt=0 0\r\nm=audio 41000 RTP/AVP 8\r\na=label:1\r\na=sendonly\r\nm=audio 41002 RTP/AVP 8\r\na=label:2\r\na=sendonly\r\n";
        await _h.ReceiveAsync(invite.InDialog("ACK", 1, ok.To!.Tag!, "z9hG4bKnosdpack").WithBody(answer, "application/sdp"), Peers.Udp());
        var started = await _h.FactAsync(RecordingFactKind.SegmentStarted);
        Assert.Equal("6111148", started.AgentExtension);
        Assert.Equal("+353851112233", started.FarEndAddress);
    }

    [Fact]
    public async Task Research_t22_metadata_that_is_not_well_formed_is_recorded_anyway_and_flagged()
    {
        var cube = Messages.Fixture("cube-siprec-forking-tls.sip");
        var broken = cube.Replace("</recording>", "</recordin>", StringComparison.Ordinal);
        var (ok, _) = await _h.InviteAsync(broken.WithBody(broken[(broken.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]));
        await _h.ReceiveAsync(cube.InDialog("BYE", 102, ok.To!.Tag!, "z9hG4bKbrokenbye"));
        var ended = await _h.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.Contains("metadata-invalid", ended.Flags);
        Assert.Null(ended.AgentExtension);
    }

    private static string Load(string name) => name.StartsWith("fixture:", StringComparison.Ordinal)
        ? Messages.Fixture(name["fixture:".Length..])
        : Messages.Corpus(name["corpus:".Length..]);

    private static Transport.SipPeer PeerFor(string message) => message.Contains("SIP/2.0/UDP", StringComparison.Ordinal) ? Peers.Udp() : Peers.Tcp();

    private static uint CSeqOf(string message) => SipParser.Parse(System.Text.Encoding.UTF8.GetBytes(message)).Message!.CSeq!.Value.Number;

    private static SdpSession OfferOf(string message)
    {
        var request = SipParser.Parse(System.Text.Encoding.UTF8.GetBytes(message)).Message!;
        Assert.True(SdpParser.TryParse(Sip.Bodies.SipBodyReader.Read(request).Sdp!, out var offer));
        return offer;
    }

    private static SdpSession ParseSdp(SipResponse response)
    {
        Assert.Equal(200, response.StatusCode);
        Assert.True(SdpParser.TryParse(response.Body.Span, out var sdp));
        return sdp;
    }
}
