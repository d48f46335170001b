using CorrelationHub.Media.Codecs;
using CorrelationHub.Media.Tests.Loopback;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests.TrunkCodecs;

/// <summary>
/// G.729 and Opus legs over real loopback RTP into a recording, encoded by the reference encoders (libbcg729's, the
/// Concentus encoder): the file holds the reference decoder's output, bit for bit for G.729, at the right place.
/// </summary>
public sealed class CodecLoopbackTests
{
    private static Dictionary<int, RtpMap> G729Map => new() { [18] = new RtpMap(18, "G729", 8000), [101] = new RtpMap(101, "telephone-event", 8000) };

    private static Dictionary<int, RtpMap> OpusMap => new() { [111] = new RtpMap(111, "opus", 48000, 2) };

    [Fact]
    public void A_g729_leg_beside_a_g711_leg_is_recorded_bit_exact_with_the_reference_decoder()
    {
        Assert.True(Bcg729.IsAvailable, $"{Bcg729.Library} is not installed (Debian package {Bcg729.Package})");
        using var loop = new MediaLoopback();
        var agent = loop.Open(0, G729Map);
        var customer = loop.Open(1);
        using var sender = loop.Sender();
        var (packets, frames) = CodecStreams.G729(CodecStreams.Tone8k(440, 1.0), 0x729);
        var right = new ToneStream(1000, 0x72, 1, 0);
        foreach (var packet in packets)
        {
            loop.Deliver(agent, sender, packet);
            loop.Deliver(customer, sender, right.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        using var reference = new Bcg729Reference();
        var expected = frames.SelectMany(reference.Decode).ToArray();
        var left = wav.ChannelSamples[0];
        Assert.Equal(8000, wav.SampleRate);
        Assert.InRange(left.Length, 8000 - 160, 8000 + 160);
        Assert.Equal(expected, left[..expected.Length]);
        Assert.True(Tone.Power(left.AsSpan(800, 6400), 440, 8000) > 100 * Tone.Power(left.AsSpan(800, 6400), 1000, 8000), "agent's 440 Hz on the left");
        Assert.True(Tone.Power(wav.ChannelSamples[1].AsSpan(800, 6400), 1000, 8000) > 100 * Tone.Power(wav.ChannelSamples[1].AsSpan(800, 6400), 440, 8000), "customer on the right");
        Assert.Equal(("G729", 0L), (agent.Quality().Codec, agent.Quality().CodecMismatchPackets));
        Assert.DoesNotContain("codec-mismatch", agent.Flags());
    }

    [Fact]
    public void A_g729_annex_b_sender_with_silence_suppression_keeps_its_talk_spurts_in_place()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0, G729Map);
        using var sender = loop.Sender();
        var signal = CodecStreams.Tone8k(500, 0.6).Concat(new short[8000]).Concat(CodecStreams.Tone8k(500, 0.6)).ToArray();
        var (packets, frames) = CodecStreams.G729(signal, 0x730, vad: true);
        Assert.Contains(frames, f => f.Length == 2);
        Assert.Contains(packets, p => p.Length == 0);
        foreach (var packet in packets)
        {
            if (packet.Length > 0)
            {
                loop.Deliver(agent, sender, packet);
            }

            loop.Advance(10);
        }

        var wav = loop.Finish();
        var left = wav.ChannelSamples[0];
        Assert.InRange(left.Length, signal.Length - 400, signal.Length + 160);
        Assert.True(Tone.Rms(left.AsSpan(800, 3200)) > 2000, "first talk spurt");
        Assert.True(Tone.Rms(left.AsSpan(6400, 6400)) < 300, "the silent second is (near) silent");
        Assert.True(Tone.Rms(left.AsSpan(13600, 3200)) > 2000, "second talk spurt where it was spoken");
        Assert.Equal(0, agent.Quality().CodecMismatchPackets);
    }

    [Fact]
    public void An_opus_leg_is_stored_at_16_khz_with_the_reference_decoders_output()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0, OpusMap);
        using var sender = loop.Sender();
        var packets = CodecStreams.Opus(CodecStreams.Tone48k(700, 1.0), 0x0905);
        foreach (var packet in packets)
        {
            loop.Deliver(agent, sender, packet);
            loop.Advance(20);
        }

        var wav = loop.Finish();

        // The reference: Concentus' own decoder at Opus's 48 kHz, brought to 16 kHz by plain 3-sample averaging (an
        // independent way down); the recording must match it within 30 dB once the filters' delays are aligned.
        var full = CodecStreams.ReferenceOpus48k(packets);
        var expected = Enumerable.Range(0, full.Length / 3).Select(i => (short)((full[3 * i] + full[(3 * i) + 1] + full[(3 * i) + 2]) / 3)).ToArray();
        var left = wav.ChannelSamples[0];
        Assert.Equal(16000, wav.SampleRate);
        Assert.InRange(left.Length, 16000 - 320, 16000 + 320);
        var lag = CodecStreams.BestLag(expected, left);
        var compared = Math.Min(expected.Length - 400, left.Length - lag - 400);
        var snr = CodecStreams.SnrDb(expected.AsSpan(400, compared - 400), left.AsSpan(400 + lag, compared - 400));
        Assert.True(snr >= 30, $"SNR {snr:F1} dB against the reference decoder at a lag of {lag} samples");
        Assert.True(Tone.Power(left.AsSpan(1600, 12800), 700, 16000) > 100 * Tone.Power(left.AsSpan(1600, 12800), 1000, 16000), $"700: {Tone.Power(left.AsSpan(1600, 12800), 700, 16000)}, 1000: {Tone.Power(left.AsSpan(1600, 12800), 1000, 16000)}");
        Assert.Equal("OPUS", agent.Quality().Codec);
    }

    [Fact]
    public void A_lost_opus_packet_is_rebuilt_from_the_next_ones_in_band_fec()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0, OpusMap);
        using var sender = loop.Sender();
        var packets = CodecStreams.Opus(CodecStreams.Tone48k(600, 1.0), 0x0906, fec: true);
        for (var i = 0; i < packets.Count; i++)
        {
            if (i != 25)
            {
                loop.Deliver(agent, sender, packets[i]);
            }

            loop.Advance(20);
        }

        var wav = loop.Finish();
        var lost = wav.ChannelSamples[0].AsSpan(25 * 320, 320);
        Assert.True(1 == agent.Quality().FecRecovered, $"recovered {agent.Quality().FecRecovered}, lost {agent.Quality().Lost}, rms around: {string.Join(",", Enumerable.Range(20, 10).Select(i => Tone.Rms(wav.ChannelSamples[0].AsSpan(i * 320, 320)).ToString("F0")))}");
        Assert.Equal(1, agent.Quality().Lost);
        Assert.Equal(1, agent.Quality().FecRecovered);
        Assert.True(Tone.Rms(lost) > 1000, $"the lost 20 ms is rebuilt, not silent (rms {Tone.Rms(lost):F0}); around: {string.Join(",", Enumerable.Range(40, 20).Select(i => Tone.Rms(wav.ChannelSamples[0].AsSpan(i * 160, 160)).ToString("F0")))}");
    }

    [Fact]
    public void With_recording_opus_sample_rate_48000_an_opus_segment_keeps_full_band()
    {
        using var loop = new MediaLoopback(opusSampleRate: 48000);
        var agent = loop.Open(0, OpusMap);
        var customer = loop.Open(1);
        using var sender = loop.Sender();
        var packets = CodecStreams.Opus(CodecStreams.Tone48k(5000, 0.5), 0x0907);
        var right = new ToneStream(1000, 0x73, 1, 0);
        foreach (var packet in packets)
        {
            loop.Deliver(agent, sender, packet);
            loop.Deliver(customer, sender, right.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        Assert.Equal(48000, wav.SampleRate);
        var reference = CodecStreams.ReferenceOpus48k(packets);
        Assert.Equal(reference, wav.ChannelSamples[0][..reference.Length]);
        var left = wav.ChannelSamples[0].AsSpan(4800, 14400);
        var r = wav.ChannelSamples[1].AsSpan(4800, 14400);
        Assert.True(Tone.Power(left, 5000, 48000) > 100 * Tone.Power(left, 1000, 48000), "5 kHz survives: full band");
        Assert.True(Tone.Power(r, 1000, 48000) > 100 * Tone.Power(r, 5000, 48000), "the G.711 leg is interpolated to 48 kHz");
    }

    [Fact]
    public void A_codec_change_mid_stream_after_a_re_invite_gets_a_decoder_of_its_own_and_both_parts_are_recorded()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0);
        using var sender = loop.Sender();
        var g711 = new ToneStream(440, 0x9a, 1, 0);
        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(agent, sender, g711.Next());
            loop.Advance(20);
        }

        // CUBE's escalation re-INVITE moves the stream to G.729 (the same SSRC goes on with the new payload type).
        agent.UpdatePayloads(new Dictionary<int, RtpMap> { [0] = new RtpMap(0, "PCMU", 8000), [18] = new RtpMap(18, "G729", 8000) });
        var (g729, _) = CodecStreams.G729(CodecStreams.Tone8k(900, 0.5), 0x9a);
        foreach (var packet in g729)
        {
            var moved = CodecStreams.Rtp(18, g711.Sequence++, g711.Timestamp, 0x9a, packet.AsSpan(12));
            g711.Timestamp += 160;
            loop.Deliver(agent, sender, moved);
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var left = wav.ChannelSamples[0];
        Assert.InRange(left.Length, 8000 - 160, 8000 + 160);
        Assert.True(Tone.Power(left.AsSpan(400, 3200), 440, 8000) > 100 * Tone.Power(left.AsSpan(400, 3200), 900, 8000), "G.711 part");
        Assert.True(Tone.Power(left.AsSpan(4400, 3200), 900, 8000) > 100 * Tone.Power(left.AsSpan(4400, 3200), 440, 8000), "G.729 part");
        Assert.Equal("PCMU,G729", agent.Quality().Codec);
        Assert.Equal(0, agent.Quality().CodecMismatchPackets);
    }

    [Fact]
    public void A_g729_leg_beside_a_g722_leg_is_interpolated_into_a_16_khz_file()
    {
        using var loop = new MediaLoopback();
        var customer = loop.Open(1, new Dictionary<int, RtpMap> { [9] = new RtpMap(9, "G722", 8000) });
        var agent = loop.Open(0, G729Map);
        using var sender = loop.Sender();
        var wide = new ToneStream(1000, 0x722, 1, 0, payloadType: 9);
        var (packets, _) = CodecStreams.G729(CodecStreams.Tone8k(440, 1.0), 0x729);
        foreach (var packet in packets)
        {
            loop.Deliver(customer, sender, wide.Next());
            loop.Deliver(agent, sender, packet);
            loop.Advance(20);
        }

        var wav = loop.Finish();
        Assert.Equal(16000, wav.SampleRate);
        var left = wav.ChannelSamples[0].AsSpan(1600, 12800);
        Assert.True(Tone.Power(left, 440, 16000) > 100 * Tone.Power(left, 1000, 16000), "the G.729 agent at 16 kHz");
        Assert.InRange(wav.ChannelSamples[0].Length, 16000 - 320, 16000 + 320);
    }
}
