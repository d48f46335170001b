using CorrelationHub.Sip.Sdp;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests.Loopback;

/// <summary>Real RTP over loopback into the recorder: what the file holds, sample by sample, and what is counted.</summary>
public sealed class RtpLoopbackTests
{
    [Fact]
    public void Reordered_duplicated_and_lost_packets_give_ordered_audio_with_silence_exactly_where_packets_were_lost()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0xA1, 1000, 50_000);
        var packets = Enumerable.Range(0, 100).Select(_ => tone.Next()).ToArray();
        var order = Enumerable.Range(0, 100).ToArray();
        (order[50], order[51]) = (order[51], order[50]);
        (order[70], order[71]) = (order[71], order[70]);
        for (var slot = 0; slot < 100; slot++)
        {
            var index = order[slot];
            if (index is >= 30 and < 35)
            {
                loop.Advance(20);
                continue;
            }

            loop.Deliver(stream, sender, packets[index]);
            if (index is 20 or 60)
            {
                loop.Deliver(stream, sender, packets[index]);
            }

            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        Assert.Equal(95, quality.Packets);
        Assert.Equal(5, quality.Lost);
        Assert.Equal(2, quality.Duplicates);
        Assert.Equal(2, quality.Reordered);
        Assert.Equal(0, quality.Late);
        Assert.Equal("PCMU", quality.Codec);

        var left = wav.ChannelSamples[0];
        Assert.Equal(8000, wav.SampleRate);
        Assert.InRange(left.Length, 100 * 160, (100 * 160) + 160);
        var gap = Audio.SilenceRun(left, 790);
        Assert.InRange(gap, (30 * 160) - 4, (30 * 160) + 4);
        var other = Audio.SilenceRun(left, 40, gap + 820);
        Assert.True(other < 0 || other >= (100 * 160) - 40, $"another gap at {other}");
        Assert.True(Tone.Power(left.AsSpan(0, 4800), 440, 8000) > 100 * Tone.Power(left.AsSpan(0, 4800), 1000, 8000));
        Assert.True(Tone.Power(left.AsSpan(8000, 4000), 440, 8000) > 100 * Tone.Power(left.AsSpan(8000, 4000), 1000, 8000));
        Assert.Equal(wav.ChannelSamples[1].Length, Audio.Zeros(wav.ChannelSamples[1]));
    }

    [Fact]
    public async Task Packets_still_queued_on_the_socket_when_a_stream_ends_are_counted_and_recorded()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0xA2, 1000, 7_000);
        var target = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, stream.Port);

        // The receive thread is held (the recorder is busy) while 200 packets queue up and the call ends: the BYE
        // overtakes them. They are still handled before the port is released.
        Task ended;
        lock (loop.Recorder.Gate)
        {
            for (var i = 0; i < 200; i++)
            {
                sender.SendTo(tone.Next(), target);
            }

            ended = Task.Run(stream.Dispose);
        }

        await ended;
        Assert.Equal(200, stream.Datagrams);
        var quality = stream.Quality();
        Assert.Equal(200, quality.Packets);
        Assert.Equal(0, quality.Lost);
    }

    [Fact]
    public void A_sequence_wrap_past_65535_loses_nothing()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(1);
        using var sender = loop.Sender();
        var tone = new ToneStream(1000, 0xB2, 65_480, uint.MaxValue - 3_000);
        for (var i = 0; i < 100; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        Assert.Equal(100, quality.Packets);
        Assert.Equal(0, quality.Lost);
        Assert.Equal(0, quality.Late);
        var right = wav.ChannelSamples[1];
        var run = Audio.SilenceRun(right, 40, 8);
        Assert.True(run < 0 || run >= (100 * 160) - 40, $"silence at {run}");
        Assert.True(Tone.Power(right.AsSpan(0, 16000), 1000, 8000) > 100 * Tone.Power(right.AsSpan(0, 16000), 440, 8000));
    }

    [Fact]
    public void An_unsignalled_ssrc_change_continues_the_track_and_drops_stragglers_of_the_old_ssrc()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var before = new ToneStream(440, 0x1111, 100, 1_000);
        var after = new ToneStream(1000, 0x2222, 40_000, 3_000_000_000);
        for (var i = 0; i < 50; i++)
        {
            loop.Deliver(stream, sender, before.Next());
            loop.Advance(20);
        }

        for (var i = 0; i < 50; i++)
        {
            loop.Deliver(stream, sender, after.Next());
            if (i == 10)
            {
                loop.Deliver(stream, sender, before.Next());
            }

            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        Assert.Equal(1, quality.SsrcChanges);
        Assert.Equal(100, quality.Packets);
        Assert.Equal(1, quality.ForeignPackets);
        Assert.Equal(0, quality.Lost);
        var left = wav.ChannelSamples[0];
        Assert.True(Tone.Power(left.AsSpan(0, 7600), 440, 8000) > 100 * Tone.Power(left.AsSpan(0, 7600), 1000, 8000));
        Assert.True(Tone.Power(left.AsSpan(8400, 7600), 1000, 8000) > 100 * Tone.Power(left.AsSpan(8400, 7600), 440, 8000));
        var run = Audio.SilenceRun(left, 40, 8);
        Assert.True(run < 0 || run >= (100 * 160) - 40, $"silence at {run}");
    }

    [Fact]
    public void Dtmf_is_counted_never_decoded_and_its_time_stays_silent()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0x33, 7, 0);
        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        // RFC 4733: digit 5, one event over 10 packets sharing the event's timestamp, the last three with the E bit.
        var eventTimestamp = tone.Timestamp;
        for (var i = 0; i < 10; i++)
        {
            byte[] payload = [5, (byte)(i >= 7 ? 0x8A : 0x0A), (byte)((i + 1) * 160 >> 8), (byte)((i + 1) * 160)];
            loop.Deliver(stream, sender, ToneStream.Rtp(101, tone.Sequence++, eventTimestamp, 0x33, payload, marker: i == 0));
            tone.Timestamp += 160;
            loop.Advance(20);
        }

        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        Assert.Equal(1, quality.TelephoneEvents);
        Assert.Equal(0, quality.CodecMismatchPackets);
        Assert.Equal(60, quality.Packets);
        var left = wav.ChannelSamples[0];
        var gap = Audio.SilenceRun(left, 1590);
        Assert.InRange(gap, (25 * 160) - 4, (25 * 160) + 4);
        Assert.Equal(0, Tone.Rms(left.AsSpan(gap, 1590)));
        Assert.True(Tone.Rms(left.AsSpan((35 * 160) + 8, 3000)) > 3000);
    }

    [Fact]
    public void A_g722_leg_beside_a_g711_leg_makes_a_16_khz_file_with_both_voices()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0, new Dictionary<int, RtpMap> { [9] = new RtpMap(9, "G722", 8000) });
        var customer = loop.Open(1);
        using var sender = loop.Sender();
        var left = new ToneStream(700, 0x71, 1, 0, payloadType: 9);
        var right = new ToneStream(1000, 0x72, 1, 0);
        for (var i = 0; i < 50; i++)
        {
            loop.Deliver(agent, sender, left.Next());
            loop.Deliver(customer, sender, right.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        Assert.Equal(16000, wav.SampleRate);
        Assert.InRange(wav.ChannelSamples[0].Length, 16000 - 320, 16000 + 320);
        var l = wav.ChannelSamples[0].AsSpan(800, 14000);
        var r = wav.ChannelSamples[1].AsSpan(800, 14000);
        Assert.True(Tone.Power(l, 700, 16000) > 100 * Tone.Power(l, 1000, 16000));
        Assert.True(Tone.Power(r, 1000, 16000) > 100 * Tone.Power(r, 700, 16000));
        Assert.Equal("G722", agent.Quality().Codec);
    }

    [Fact]
    public void The_stream_latches_to_its_first_source_and_ignores_another()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var phone = loop.Sender();
        using var stranger = loop.Sender();
        var voice = new ToneStream(440, 0x81, 1, 0);
        var stale = new ToneStream(1000, 0x82, 1, 0);
        for (var i = 0; i < 50; i++)
        {
            loop.Deliver(stream, phone, voice.Next());
            loop.Deliver(stream, stranger, stale.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        Assert.Equal(50, stream.Quality().ForeignPackets);
        Assert.Equal(50, stream.Quality().Packets);
        var left = wav.ChannelSamples[0];
        Assert.True(Tone.Power(left, 440, 8000) > 1000 * Tone.Power(left, 1000, 8000));
    }

    [Fact]
    public void Packets_before_the_ack_answer_wait_for_it_and_are_then_recorded()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0, awaitAnswer: true);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0x91, 1, 0, payloadType: 8);
        for (var i = 0; i < 10; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        Assert.Equal(0, stream.Packets);
        stream.UpdatePayloads(new Dictionary<int, RtpMap> { [8] = new RtpMap(8, "PCMA", 8000) });
        stream.OnAnswer(null);
        Assert.Equal(10, stream.Packets);
        for (var i = 0; i < 10; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        Assert.Equal(20, stream.Quality().Packets);
        var left = wav.ChannelSamples[0];
        Assert.True(Tone.Rms(left.AsSpan(8, 1500)) > 3000, "the held packets are at the start");
        var run = Audio.SilenceRun(left, 40, 8);
        Assert.True(run < 0 || run >= (20 * 160) - 40);
    }

    [Fact]
    public void Rtcp_is_counted_on_the_odd_port_and_muxed_on_the_rtp_port()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        loop.Deliver(stream, sender, Srtp.RtpPackets.SenderReport(0x99, 0), rtcp: true);
        loop.Deliver(stream, sender, Srtp.RtpPackets.SenderReport(0x99, 160));
        Assert.Equal(2, stream.Quality().RtcpPackets);
        Assert.Equal(0, stream.Quality().Packets);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rtp_carrying_the_ssrc_declared_for_the_other_m_line_flags_the_streams_mixed_up(bool swapped)
    {
        using var loop = new MediaLoopback();
        var customer = loop.Open(0);
        var agent = loop.Open(1);
        customer.DeclareSsrcs(new HashSet<uint> { 0x1111 }, new HashSet<uint> { 0x2222 });
        agent.DeclareSsrcs(new HashSet<uint> { 0x2222 }, new HashSet<uint> { 0x1111 });
        using var sender = loop.Sender();
        var toCustomerPort = new ToneStream(440, swapped ? 0x2222u : 0x1111u, 1, 0);
        var toAgentPort = new ToneStream(1000, swapped ? 0x1111u : 0x2222u, 1, 0);
        for (var i = 0; i < 10; i++)
        {
            loop.Deliver(customer, sender, toCustomerPort.Next());
            loop.Deliver(agent, sender, toAgentPort.Next());
            loop.Advance(20);
        }

        Assert.Equal(swapped, customer.Flags().Contains("stream-mixup"));
        Assert.Equal(swapped, agent.Flags().Contains("stream-mixup"));
    }
}
