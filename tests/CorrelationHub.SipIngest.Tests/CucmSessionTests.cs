using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>CUCM recording legs through the server and the real recording layer (docs/interop.md, CUCM recording legs, T01–T08).</summary>
public sealed class CucmSessionTests : IDisposable
{
    private const string NearCallId = "8F1C2A00-3B9E11F1-8A41D4C2-77A10B5E@127.0.0.100";
    private const string FarCallId = "8F1C2A00-3B9E11F1-8A42D4C2-77A10B5E@127.0.0.100";

    private readonly RecorderHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static string Near => Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");

    private static string Far => Messages.Fixture("cucm-bib-farend-delayed-offer.sip");

    private static string Ack(bool near, string toTag) => ForLeg(Messages.Fixture("cucm-bib-nearend-ack-with-answer.sip"), near, "z9hG4bK5A1D0E3F").WithToTag(toTag);

    private static string Bye(bool near, string toTag) => ForLeg(Messages.Fixture("cucm-bib-nearend-bye.sip"), near, "z9hG4bK7C22E901").WithToTag(toTag);

    private static string ForLeg(string nearMessage, bool near, string branch) => near
        ? nearMessage
        : nearMessage.Replace(NearCallId, FarCallId, StringComparison.Ordinal)
            .Replace("tag=4B2E4382-2704", "tag=4B2E43A0-1F0E", StringComparison.Ordinal)
            .Replace(";x-nearend;", ";x-farend;", StringComparison.Ordinal)
            .WithBranch(branch + "F");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Research_t01_t02_two_delayed_offer_legs_pair_into_one_stereo_segment_whichever_comes_first(bool nearFirst)
    {
        var first = await _h.InviteAsync(nearFirst ? Near : Far);
        var second = await _h.InviteAsync(nearFirst ? Far : Near);
        var (near, far) = nearFirst ? (first, second) : (second, first);

        // Delayed offer: our 200 carries a recvonly offer with every codec we decode (docs/interop.md SD-6), a port per leg (SD-4).
        foreach (var (_, sdp) in new[] { near, far })
        {
            var audio = Assert.Single(sdp.Media);
            Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
            Assert.Equal(["0", "8", "9", "18", "111", "101"], audio.Formats);
            Assert.Contains(audio.Attributes, a => a.Name == "rtpmap" && a.Value == "111 opus/48000/2");
            Assert.Contains(audio.Attributes, a => a.Name == "fmtp" && a.Value == "111 useinbandfec=1");
        }

        Assert.NotEqual(near.Sdp.Media[0].Port, far.Sdp.Media[0].Port);

        await _h.ReceiveAsync(Ack(true, near.Ok.To!.Tag!));
        await _h.ReceiveAsync(Ack(false, far.Ok.To!.Tag!));
        var recording = await _h.FactAsync(RecordingFactKind.RecordingStarted);
        var started = await _h.FactAsync(RecordingFactKind.SegmentStarted);
        Assert.Equal("cucm-bib", started.Source);
        Assert.Equal("61001", started.AgentExtension);
        Assert.Equal("+353858712345", started.FarEndAddress);
        Assert.Equal("17687488", started.RefCi);
        Assert.Equal("059a1ef36a92e7f3a278d8ba17687488", started.XSessionId);
        Assert.Equal("SEP000700000009", started.NearEndDevice);
        Assert.Equal("UCCE-CUBE-A", started.FarEndDevice);
        Assert.Equal("127.0.0.100", started.SignallingPeer);
        Assert.Equal(recording.RecordingId, started.RecordingId);
        Assert.Equal(2, started.CallIds.Count);
        Assert.Equal(2, started.CiscoGuids.Count);

        await _h.ReceiveAsync(Bye(true, near.Ok.To!.Tag!));
        await _h.ReceiveAsync(Bye(false, far.Ok.To!.Tag!));
        var ended = await _h.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.Equal(1, ended.SegmentIndex);
        Assert.Equal("bye (Q.850;cause=16)", ended.EndReason);
        Assert.Equal(16, ended.EndCause);
        Assert.Equal([0, 1], ended.Tracks.Select(t => t.Channel).Order());
        Assert.DoesNotContain("one-leg-missing", ended.Flags);
        Assert.True(File.Exists(Path.Combine(_h.Directory, ended.AudioFile!)));
    }

    [Fact]
    public async Task Research_t08_agent_hold_then_resume_is_a_second_segment_of_the_same_recording()
    {
        var near = await _h.InviteAsync(Near);
        var far = await _h.InviteAsync(Far);
        await _h.ReceiveAsync(Ack(true, near.Ok.To!.Tag!));
        await _h.ReceiveAsync(Ack(false, far.Ok.To!.Tag!));
        await _h.ReceiveAsync(Bye(true, near.Ok.To!.Tag!));
        await _h.ReceiveAsync(Bye(false, far.Ok.To!.Tag!));
        var first = await _h.FactAsync(RecordingFactKind.SegmentEnded, 1);

        // Resume: a new pair (new Call-IDs and tags) with the same x-refci.
        string Resumed(string invite) => invite.Replace("8F1C2A00", "9A0B1C00", StringComparison.Ordinal).Replace("tag=4B2E", "tag=5C3F", StringComparison.Ordinal).WithBranch("z9hG4bKresume" + invite.Length);
        var near2 = await _h.InviteAsync(Resumed(Near));
        await _h.InviteAsync(Resumed(Far));
        await _h.ReceiveAsync(Resumed(Ack(true, near2.Ok.To!.Tag!)));
        var second = await _h.FactAsync(RecordingFactKind.SegmentStarted, 2);
        Assert.Equal(first.RecordingId, second.RecordingId);
        Assert.Equal(2, second.SegmentIndex);
    }

    [Fact]
    public async Task Research_t04_an_ack_without_answer_then_bye_cause_47_is_a_codec_failure()
    {
        var near = await _h.InviteAsync(Near);
        var ack = Ack(true, near.Ok.To!.Tag!);
        await _h.ReceiveAsync(ack[..(ack.IndexOf("Content-Type", StringComparison.Ordinal))] + "Content-Length: 0\r\n\r\n");
        await _h.ReceiveAsync(Bye(true, near.Ok.To!.Tag!).Replace("cause=16", "cause=47", StringComparison.Ordinal));
        var ended = await _h.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.Equal("codec-failure (Q.850;cause=47)", ended.EndReason);
        Assert.Equal(47, ended.EndCause);
        Assert.Contains("codec-failure", ended.Flags);
        Assert.Contains("no-answer", ended.Flags);

        // The receiver is stopped on a lane of its own; its port comes back ("no zombie ports").
        await CorrelationHub.TestSupport.Eventually.Until(() => Task.FromResult(_h.Ports.InUse), n => n == 0, TimeSpan.FromSeconds(10), "the RTP port to be released");
    }

    [Fact]
    public async Task Research_t05_network_based_recording_takes_the_agent_from_x_nearendaddr_not_the_from_user()
    {
        var udp = Peers.Udp();
        var (ok, _) = await _h.InviteAsync(Messages.Corpus("cucm-nbr-gateway-invite.sip"), udp);
        await _h.ReceiveAsync(Messages.Corpus("cucm-nbr-gateway-invite.sip").InDialog("ACK", 101, ok.To!.Tag!, "z9hG4bKnbrack"), udp);
        var started = await _h.FactAsync(RecordingFactKind.SegmentStarted);
        Assert.Equal("61002", started.AgentExtension);
        Assert.Equal("+353861112222", started.FarEndAddress);
        Assert.Equal("1F2E3D4C5B6A00000000000127000100", started.FarEndGuid);
    }

    [Fact]
    public async Task Research_t06_an_update_with_a_new_far_end_is_a_metadata_change_and_the_segment_reports_it()
    {
        var near = await _h.InviteAsync(Near);
        var tag = near.Ok.To!.Tag!;
        await _h.ReceiveAsync(Ack(true, tag));
        await _h.ReceiveAsync(Messages.Corpus("cucm-transfer-update.sip").WithToTag(tag));
        Assert.Equal(200, _h.Sender.Responses[^1].StatusCode);
        var change = await _h.FactAsync(RecordingFactKind.MetadataChanged);
        Assert.Equal("+353858799999", change.FarEndAddress);
        Assert.Equal("SIPTrunkTocluster2", change.FarEndDevice);
        Assert.Equal("61001", change.AgentExtension);

        await _h.ReceiveAsync(Bye(true, tag).WithCSeq("103 BYE"));
        Assert.Equal("+353858799999", (await _h.FactAsync(RecordingFactKind.SegmentEnded)).FarEndAddress);
    }

    [Fact]
    public async Task Research_t07_a_refresh_reinvite_without_sdp_gets_the_same_sdp_with_the_same_version()
    {
        var near = await _h.InviteAsync(Near);
        var tag = near.Ok.To!.Tag!;
        await _h.ReceiveAsync(Ack(true, tag));
        await _h.ReceiveAsync(Near.InDialog("INVITE", 102, tag, "z9hG4bKrefresh"));
        var refresh = _h.Sender.Responses[^1];
        Assert.Equal(200, refresh.StatusCode);
        Assert.Equal(near.Ok.Body.ToArray(), refresh.Body.ToArray());

        // The ACK brings the answer again; the recording goes on.
        await _h.ReceiveAsync(Ack(true, tag).WithCSeq("102 ACK").WithBranch("z9hG4bKrefreshack"));
        await _h.ReceiveAsync(Bye(true, tag).WithCSeq("103 BYE"));
        Assert.StartsWith("bye", (await _h.FactAsync(RecordingFactKind.SegmentEnded)).EndReason);
    }

    [Fact]
    public async Task A_cucm_recording_ends_when_its_resume_window_passes_without_a_new_pair()
    {
        var time = new CorrelationHub.TestSupport.FakeTimeProvider();
        using var h = new RecorderHarness(time);
        var near = await h.InviteAsync(Near);
        await h.ReceiveAsync(Ack(true, near.Ok.To!.Tag!));
        await h.ReceiveAsync(Bye(true, near.Ok.To!.Tag!));
        var segment = await h.FactAsync(RecordingFactKind.SegmentEnded);

        time.Advance(TimeSpan.FromMinutes(239));
        h.Manager.Sweep();
        Assert.DoesNotContain(h.Drain(), f => f.Kind == RecordingFactKind.RecordingEnded);

        time.Advance(TimeSpan.FromMinutes(2));
        h.Manager.Sweep();
        var ended = await h.FactAsync(RecordingFactKind.RecordingEnded);
        Assert.Equal(segment.RecordingId, ended.RecordingId);
        Assert.Equal(1, ended.SegmentIndex);
        Assert.Equal("resume-window-passed", ended.EndReason);
        Assert.Equal("61001", ended.AgentExtension);
    }

    // Both receive paths: the batched engine (epoll and recvmmsg, the default on Linux) and the portable loop per socket.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lost_bye_shows_as_its_legs_rtp_timeout_and_the_tracks_say_when_the_media_stopped(bool batched)
    {
        var time = new CorrelationHub.TestSupport.FakeTimeProvider();
        using var h = new RecorderHarness(time, new Options.SipOptions { ListenAddress = "127.0.0.1", RtpTimeoutSeconds = 60 }, batched);
        Assert.Equal(batched && OperatingSystem.IsLinux(), h.Batched);
        var near = await h.InviteAsync(Near);
        var far = await h.InviteAsync(Far);
        await h.ReceiveAsync(Ack(true, near.Ok.To!.Tag!));
        await h.ReceiveAsync(Ack(false, far.Ok.To!.Tag!));
        await h.FactAsync(RecordingFactKind.SegmentStarted);
        var tone = CorrelationHub.TestSupport.Tone.Sine(440, 8000, 1600);
        await Task.WhenAll(
            RtpPackets.SendToneAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, near.Sdp.Media[0].Port), tone, 0x1111),
            RtpPackets.SendToneAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, far.Sdp.Media[0].Port), tone, 0x2222));
        await CorrelationHub.TestSupport.Eventually.Until(() => Task.FromResult(h.Manager.LiveMediaPackets), p => p >= 20, TimeSpan.FromSeconds(10), "both legs' 10 packets to be received");
        var mediaStopped = time.GetUtcNow();
        h.Server.Maintain();
        h.Manager.Sweep();
        Assert.DoesNotContain(h.Drain(), f => f.Kind == RecordingFactKind.MediaAlarm);

        // Every stream silent for Media:NoAudioSeconds (5): the live media-stopped alarm says when the last packet came.
        time.Advance(TimeSpan.FromSeconds(6));
        h.Manager.Sweep();
        var alarm = await h.FactAsync(RecordingFactKind.MediaAlarm);
        Assert.Equal(["media-stopped"], alarm.Flags);
        Assert.All(alarm.Tracks, t => Assert.Equal(mediaStopped, t.LastPacketAt));
        h.Manager.Sweep();
        Assert.DoesNotContain(h.Drain(), f => f.Kind == RecordingFactKind.MediaAlarm);

        // The call ends 20 s later: the far leg's BYE arrives, the near leg's is lost; the reaper ends it after 60 s without RTP.
        time.Advance(TimeSpan.FromSeconds(14));
        await h.ReceiveAsync(Bye(false, far.Ok.To!.Tag!));
        time.Advance(TimeSpan.FromSeconds(61));
        h.Server.Maintain();

        var ended = await h.FactAsync(RecordingFactKind.SegmentEnded);
        Assert.StartsWith("rtp-timeout", ended.EndReason);
        Assert.Equal(time.GetUtcNow(), ended.SegmentEnd);
        Assert.Equal(2, ended.Tracks.Count);
        Assert.All(ended.Tracks, t => Assert.Equal(mediaStopped, t.LastPacketAt));
    }

    [Fact]
    public async Task The_media_stopped_alarm_clears_when_audio_comes_back()
    {
        var time = new CorrelationHub.TestSupport.FakeTimeProvider();
        using var h = new RecorderHarness(time);
        var near = await h.InviteAsync(Near);
        await h.ReceiveAsync(Ack(true, near.Ok.To!.Tag!));
        await h.FactAsync(RecordingFactKind.SegmentStarted);
        var port = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, near.Sdp.Media[0].Port);
        await RtpPackets.SendToneAsync(port, CorrelationHub.TestSupport.Tone.Sine(440, 8000, 800), 0x1111);
        await CorrelationHub.TestSupport.Eventually.Until(() => Task.FromResult(h.Manager.LiveMediaPackets), p => p >= 5, TimeSpan.FromSeconds(10), "5 packets");
        time.Advance(TimeSpan.FromSeconds(6));
        h.Manager.Sweep();
        Assert.Equal(["media-stopped"], (await h.FactAsync(RecordingFactKind.MediaAlarm)).Flags);

        // A customer back from a long silence (the phone resumes sending): the alarm is cleared.
        await RtpPackets.SendToneAsync(port, CorrelationHub.TestSupport.Tone.Sine(440, 8000, 800), 0x2222);
        await CorrelationHub.TestSupport.Eventually.Until(() => Task.FromResult(h.Manager.LiveMediaPackets), p => p >= 8, TimeSpan.FromSeconds(10), "packets of the new source");
        h.Manager.Sweep();
        var cleared = await h.FactAsync(RecordingFactKind.MediaAlarm);
        Assert.Empty(cleared.Flags);
        Assert.Equal(time.GetUtcNow(), cleared.Tracks.Single().LastPacketAt);
    }

    [Fact]
    public async Task Research_t09_cube_media_proxy_srtp_early_offer_is_answered_savp_and_a_savpf_offer_is_declined()
    {
        var fixture = Messages.Fixture("cube-media-proxy-srtp-early-offer.sip");
        var (ok, sdp) = await _h.InviteAsync(fixture);
        var audio = Assert.Single(sdp.Media);
        Assert.Equal("RTP/SAVP", audio.Protocol);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.StartsWith("1 AES_CM_128_HMAC_SHA1_80 inline:", Assert.Single(audio.AttributeValues("crypto")));
        Assert.NotNull(ok.To!.Tag);

        // RTP/SAVPF (RFC 5124) is not accepted: the only m-line is declined, so the INVITE gets 488 and no port stays bound.
        await _h.ReceiveAsync(fixture.Replace("RTP/SAVP 8", "RTP/SAVPF 8", StringComparison.Ordinal).Replace("z9hG4bK108C43D", "z9hG4bK108C43E", StringComparison.Ordinal).Replace("BB04A3C2-", "BB04A3C3-", StringComparison.Ordinal));
        var response = _h.Sender.Responses[^1];
        Assert.Equal(488, response.StatusCode);
        Assert.StartsWith("305", response.Headers.Get(HeaderNames.Warning));
    }

    [Fact]
    public async Task When_rtp_ports_run_out_the_invite_gets_503_not_486()
    {
        using var small = new RecorderHarness(sip: new Options.SipOptions { ListenAddress = "127.0.0.1" });
        var held = new List<System.Net.Sockets.Socket>();
        while (small.Ports.Bind(System.Net.IPAddress.Loopback) is { } pair)
        {
            held.Add(pair.Rtp);
            held.Add(pair.Rtcp);
        }

        await small.ReceiveAsync(Near);
        Assert.Equal(503, small.Sender.Responses[^1].StatusCode);
        Assert.NotNull(small.Sender.Responses[^1].Headers.Get(HeaderNames.RetryAfter));
        held.ForEach(s => s.Dispose());
    }
}
