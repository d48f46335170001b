using CorrelationHub.Sip.Sdp;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Media.Tests.Loopback;

/// <summary>The timeline on real loopback RTP: silence of the right length for holds and pauses, stalls and bursts, two tracks aligned to arrival.</summary>
public sealed class RtpTimelineLoopbackTests
{
    [Theory]
    [InlineData(true, 2000)]
    [InlineData(false, 4000)]
    public void A_hold_gap_becomes_silence_of_its_wall_clock_length(bool timestampsAdvance, int gapMs)
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0x44, 500, 0);
        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        // No packets for a while; a sender that keeps its clock running jumps its timestamps by as much. One that
        // does not is re-anchored once it is more than 3 s behind arrival.
        loop.Advance(gapMs);
        if (timestampsAdvance)
        {
            tone.Timestamp += (uint)(gapMs * 8);
        }

        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var left = wav.ChannelSamples[0];
        var samples = gapMs * 8;
        var gap = Audio.SilenceRun(left, samples - 100);
        Assert.InRange(gap, (25 * 160) - 4, (25 * 160) + 4);
        var end = gap;
        while (end < left.Length && left[end] == 0)
        {
            end++;
        }

        Assert.InRange(end - gap, samples - 8, samples + 8);
        Assert.InRange(left.Length, samples + (50 * 160), samples + (51 * 160));
        Assert.Equal(0, stream.Quality().Lost);
    }

    [Fact]
    public void A_track_that_pauses_without_advancing_timestamps_while_the_other_talks_keeps_its_gap()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0);
        var customer = loop.Open(1);
        using var sender = loop.Sender();
        var left = new ToneStream(440, 0x4B, 1, 0);
        var right = new ToneStream(1000, 0x4C, 1, 0);
        for (var i = 0; i < 250; i++)
        {
            if (i < 25 || i >= 175)
            {
                loop.Deliver(agent, sender, left.Next());
            }

            loop.Deliver(customer, sender, right.Next());
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var agentChannel = wav.ChannelSamples[0];
        var gap = Audio.SilenceRun(agentChannel, (150 * 160) - 100);
        Assert.InRange(gap, (25 * 160) - 4, (25 * 160) + 4);
        Assert.True(Tone.Rms(agentChannel.AsSpan((175 * 160) + 8, 3000)) > 3000, "the agent's audio after the pause sits at its arrival time");
        Assert.Equal(0, agent.Quality().Late);
    }

    [Fact]
    public void A_sender_that_stalls_then_bursts_its_backlog_stays_on_its_timestamps()
    {
        using var loop = new MediaLoopback();
        var stream = loop.Open(0);
        using var sender = loop.Sender();
        var tone = new ToneStream(440, 0x4A, 1, 0);
        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
            loop.Advance(20);
        }

        // 600 ms without packets, then the 30 held-back packets at once: nothing is lost, nothing moves.
        loop.Advance(600);
        for (var i = 0; i < 30; i++)
        {
            loop.Deliver(stream, sender, tone.Next());
        }

        for (var i = 0; i < 25; i++)
        {
            loop.Advance(20);
            loop.Deliver(stream, sender, tone.Next());
        }

        var wav = loop.Finish();
        var left = wav.ChannelSamples[0];
        var run = Audio.SilenceRun(left, 40, 8);
        Assert.True(run < 0 || run >= 80 * 160 - 40, $"silence at {run}");
        Assert.Equal(0, stream.Quality().Late);
    }

    [Fact]
    public void After_a_stall_of_the_whole_process_both_backlogs_are_placed_one_after_the_other_without_holes()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0);
        var customer = loop.Open(1);
        using var sender = loop.Sender();
        var left = new ToneStream(440, 0x5A, 1, 0);
        var right = new ToneStream(1000, 0x5B, 1, 0);
        for (var i = 0; i < 25; i++)
        {
            loop.Deliver(agent, sender, left.Next());
            loop.Deliver(customer, sender, right.Next());
            loop.Advance(20);
        }

        // Nothing is handled for 2.5 s; then the agent's socket is drained first, the customer's second.
        loop.Advance(2500);
        for (var i = 0; i < 125; i++)
        {
            loop.Deliver(agent, sender, left.Next());
        }

        for (var i = 0; i < 125; i++)
        {
            loop.Deliver(customer, sender, right.Next());
        }

        var wav = loop.Finish();
        Assert.Equal(0, agent.Quality().Late);
        Assert.Equal(0, customer.Quality().Late);
        foreach (var channel in wav.ChannelSamples)
        {
            var run = Audio.SilenceRun(channel, 40, 8);
            Assert.True(run < 0 || run >= (150 * 160) - 40, $"hole at {run}");
        }
    }

    [Fact]
    public void Payload_types_not_negotiated_or_not_decodable_are_counted_and_flagged_never_written()
    {
        using var loop = new MediaLoopback();
        // iLBC is negotiated but not decoded here (G.729 and Opus are: see CodecLoopbackTests); PT 96 is not negotiated.
        var stream = loop.Open(0, new Dictionary<int, RtpMap> { [97] = new RtpMap(97, "iLBC", 8000) });
        using var sender = loop.Sender();
        var noise = new byte[20];
        for (var i = 0; i < 20; i++)
        {
            Random.Shared.NextBytes(noise);
            loop.Deliver(stream, sender, ToneStream.Rtp(i < 10 ? 97 : 96, (ushort)i, (uint)i * 160, 0x55, noise));
            loop.Advance(20);
        }

        var wav = loop.Finish();
        var quality = stream.Quality();
        Assert.Equal(20, quality.CodecMismatchPackets);
        Assert.Equal("iLBC", quality.Codec);
        Assert.Contains("codec-mismatch", stream.Flags());
        Assert.Equal(wav.ChannelSamples[0].Length, Audio.Zeros(wav.ChannelSamples[0]));
        Assert.InRange(wav.ChannelSamples[0].Length, (20 * 160) - 8, (20 * 160) + 8);
    }

    [Fact]
    public void Two_tracks_stay_aligned_to_wall_clock_arrival()
    {
        using var loop = new MediaLoopback();
        var agent = loop.Open(0);
        var customer = loop.Open(1);
        using var sender = loop.Sender();
        var left = new ToneStream(440, 0x61, 1, 123_456);
        var right = new ToneStream(1000, 0x62, 60_000, 999, payloadType: 8);
        for (var i = 0; i < 75; i++)
        {
            loop.Deliver(agent, sender, left.Next());
            if (i >= 25)
            {
                loop.Deliver(customer, sender, right.Next());
            }

            loop.Advance(20);
        }

        var wav = loop.Finish();
        var rightChannel = wav.ChannelSamples[1];
        var firstSound = Array.FindIndex(rightChannel, s => s != 0);
        Assert.InRange(firstSound, (25 * 160) - 4, (25 * 160) + 8);
        Assert.True(Tone.Power(wav.ChannelSamples[0], 440, 8000) > 100 * Tone.Power(wav.ChannelSamples[0], 1000, 8000), "agent left");
        Assert.True(Tone.Power(rightChannel, 1000, 8000) > 100 * Tone.Power(rightChannel, 440, 8000), "customer right");
        Assert.Equal("PCMA", customer.Quality().Codec);
    }
}
